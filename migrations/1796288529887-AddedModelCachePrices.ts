import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddedModelCachePrices1796288529887 implements MigrationInterface {
  name = 'AddedModelCachePrices1796288529887';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "models" ADD "cache_read_price_micros" bigint`);
    await queryRunner.query(`ALTER TABLE "models" ADD "cache_write_price_micros" bigint`);
    await queryRunner.query(`ALTER TABLE "models" ADD "cache_write_1h_price_micros" bigint`);
    await queryRunner.query(`ALTER TABLE "models" ADD "long_context_threshold_tokens" integer`);
    await queryRunner.query(`ALTER TABLE "models" ADD "long_context_input_price_micros" bigint`);
    await queryRunner.query(`ALTER TABLE "models" ADD "long_context_output_price_micros" bigint`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "models" DROP COLUMN "long_context_output_price_micros"`);
    await queryRunner.query(`ALTER TABLE "models" DROP COLUMN "long_context_input_price_micros"`);
    await queryRunner.query(`ALTER TABLE "models" DROP COLUMN "long_context_threshold_tokens"`);
    await queryRunner.query(`ALTER TABLE "models" DROP COLUMN "cache_write_1h_price_micros"`);
    await queryRunner.query(`ALTER TABLE "models" DROP COLUMN "cache_write_price_micros"`);
    await queryRunner.query(`ALTER TABLE "models" DROP COLUMN "cache_read_price_micros"`);
  }
}
