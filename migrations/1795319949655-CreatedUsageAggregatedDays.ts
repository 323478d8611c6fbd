import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatedUsageAggregatedDays1795319949655 implements MigrationInterface {
  name = 'CreatedUsageAggregatedDays1795319949655';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "usage_aggregated_days" ("day" date NOT NULL, "aggregated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a223621d9d42d43d898692b1d57" PRIMARY KEY ("day"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "usage_aggregated_days"`);
  }
}
