import { MigrationInterface, QueryRunner } from 'typeorm';

/** The request log's `key` filter finds a key by its prefix or its name in any case. */
export class AddedKeyLookupIndexes1796390000000 implements MigrationInterface {
  name = 'AddedKeyLookupIndexes1796390000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_api_keys_prefix" ON "api_keys" ("prefix") `);
    await queryRunner.query(`CREATE INDEX "ix_api_keys_name_lower" ON "api_keys" (lower("name")) `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_api_keys_name_lower"`);
    await queryRunner.query(`DROP INDEX "public"."ix_api_keys_prefix"`);
  }
}
