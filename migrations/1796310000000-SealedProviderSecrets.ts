import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secret header values and base-URL credentials move to a sealed column. Rows written before
 * keep them in the clear until the gateway next loads its providers (at start), which seals
 * them (the key is not available to migrations).
 */
export class SealedProviderSecrets1796310000000 implements MigrationInterface {
  name = 'SealedProviderSecrets1796310000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "providers" ADD "secrets_enc" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "providers" DROP COLUMN "secrets_enc"`);
  }
}
