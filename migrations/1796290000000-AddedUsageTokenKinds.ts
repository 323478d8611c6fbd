import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddedUsageTokenKinds1796290000000 implements MigrationInterface {
  name = 'AddedUsageTokenKinds1796290000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "usage_logs" ADD "cache_read_tokens" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "usage_logs" ADD "cache_write_tokens" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "usage_logs" ADD "reasoning_tokens" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "usage_logs" ADD "usage_source" text NOT NULL DEFAULT 'reported'`);
    await queryRunner.query(`ALTER TABLE "usage_logs" ADD "cache_savings_micros" bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "usage_logs" ADD CONSTRAINT "ck_usage_logs_usage_source" CHECK ("usage_source" IN ('reported', 'estimated'))`);
    await queryRunner.query(`ALTER TABLE "usage_daily" ADD "cache_read_tokens" bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "usage_daily" ADD "cache_write_tokens" bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "usage_daily" ADD "reasoning_tokens" bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "usage_daily" ADD "cache_savings_micros" bigint NOT NULL DEFAULT 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "usage_daily" DROP COLUMN "cache_savings_micros"`);
    await queryRunner.query(`ALTER TABLE "usage_daily" DROP COLUMN "reasoning_tokens"`);
    await queryRunner.query(`ALTER TABLE "usage_daily" DROP COLUMN "cache_write_tokens"`);
    await queryRunner.query(`ALTER TABLE "usage_daily" DROP COLUMN "cache_read_tokens"`);
    await queryRunner.query(`ALTER TABLE "usage_logs" DROP CONSTRAINT "ck_usage_logs_usage_source"`);
    await queryRunner.query(`ALTER TABLE "usage_logs" DROP COLUMN "cache_savings_micros"`);
    await queryRunner.query(`ALTER TABLE "usage_logs" DROP COLUMN "usage_source"`);
    await queryRunner.query(`ALTER TABLE "usage_logs" DROP COLUMN "reasoning_tokens"`);
    await queryRunner.query(`ALTER TABLE "usage_logs" DROP COLUMN "cache_write_tokens"`);
    await queryRunner.query(`ALTER TABLE "usage_logs" DROP COLUMN "cache_read_tokens"`);
  }
}
