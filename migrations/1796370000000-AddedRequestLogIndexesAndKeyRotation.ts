import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The request log's keyset pages (newest first by created_at, then request_id) walk one index
 * per common filter backwards and stop after a page: time, user and team had theirs; key, model
 * and failed requests (a small partial index) get one. Ties on created_at are put in order by a
 * sort of the few rows sharing a time (measured at 10 million rows: README). A rotated key
 * keeps its replaced secret's hash for the grace period.
 */
export class AddedRequestLogIndexesAndKeyRotation1796370000000 implements MigrationInterface {
  name = 'AddedRequestLogIndexesAndKeyRotation1796370000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_usage_logs_key_time" ON "usage_logs" ("key_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_usage_logs_model_time" ON "usage_logs" ("model", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_usage_logs_failed_time" ON "usage_logs" ("created_at") WHERE status >= 400 OR error IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "previous_key_hash" text`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "previous_key_expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_previous_hash" ON "api_keys" ("previous_key_hash") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_api_keys_previous_hash"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "previous_key_expires_at"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "previous_key_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_usage_logs_failed_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_usage_logs_model_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_usage_logs_key_time"`);
  }
}
