import { MigrationInterface, QueryRunner } from 'typeorm';

/** Keys become gateway credentials: existing keys keep /v1 and lose the management API until an admin grants "management". */
export class AddedKeyScopes1796300000000 implements MigrationInterface {
  name = 'AddedKeyScopes1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "scopes" jsonb NOT NULL DEFAULT '["gateway"]'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "scopes"`);
  }
}
