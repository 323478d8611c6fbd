import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How each login began, so that turning on "SSO required" ends password logins at their next
 * refresh. Logins opened before this migration count as password logins: an SSO user among them
 * signs in again once, if SSO is required.
 */
export class AddedRefreshTokenMethod1796400000000 implements MigrationInterface {
  name = 'AddedRefreshTokenMethod1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD "method" text NOT NULL DEFAULT 'password'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "method"`);
  }
}
