import { MigrationInterface, QueryRunner } from 'typeorm';

/** External tool pages admins register, shown in the console through `/tools/<slug>/`. */
export class AddedExternalTools1796380000000 implements MigrationInterface {
  name = 'AddedExternalTools1796380000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "external_tools" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "slug" text NOT NULL, "url" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a24e50577d51408949b3f16c404" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_external_tools_slug" ON "external_tools"  ("slug") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_external_tools_slug"`);
    await queryRunner.query(`DROP TABLE "external_tools"`);
  }
}
