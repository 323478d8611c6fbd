import { MigrationInterface, QueryRunner } from 'typeorm';

/** Teams and their members (owner | member); a user may belong to several teams. */
export class CreatedTeamsAndMembers1796320000000 implements MigrationInterface {
  name = 'CreatedTeamsAndMembers1796320000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "teams" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "slug" text NOT NULL, "allowed_models" text array NOT NULL DEFAULT '{}', "rpm" integer, "tpm" integer, "metadata" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7e5523774a38b08a6236d322403" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_teams_slug" ON "teams"  ("slug") `);
    await queryRunner.query(`CREATE TABLE "team_members" ("team_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_team_members_role" CHECK ("role" IN ('owner', 'member')), CONSTRAINT "PK_1d3c06a8217a8785e2af0ec4ab8" PRIMARY KEY ("team_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_team_members_user" ON "team_members"  ("user_id") `);
    await queryRunner.query(`ALTER TABLE "team_members" ADD CONSTRAINT "fk_team_members_team" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team_members" ADD CONSTRAINT "fk_team_members_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "team_members" DROP CONSTRAINT "fk_team_members_user"`);
    await queryRunner.query(`ALTER TABLE "team_members" DROP CONSTRAINT "fk_team_members_team"`);
    await queryRunner.query(`DROP INDEX "public"."ix_team_members_user"`);
    await queryRunner.query(`DROP TABLE "team_members"`);
    await queryRunner.query(`DROP INDEX "public"."uq_teams_slug"`);
    await queryRunner.query(`DROP TABLE "teams"`);
  }
}
