import { MigrationInterface, QueryRunner } from 'typeorm';

/** The provider's ID token rides with the one-time sign-in code, for the console's end-session link. */
export class AddedLoginCodeIdToken1796410000000 implements MigrationInterface {
  name = 'AddedLoginCodeIdToken1796410000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "oidc_login_codes" ADD "id_token" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "oidc_login_codes" DROP COLUMN "id_token"`);
  }
}
