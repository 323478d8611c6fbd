import { MigrationInterface, QueryRunner } from 'typeorm';

/** Daily roll-ups name the team that paid (empty: the user's own account), for team reports. */
export class AddedTeamToUsageDaily1796337000000 implements MigrationInterface {
  name = 'AddedTeamToUsageDaily1796337000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "usage_daily" ADD "team_id" text NOT NULL DEFAULT ''`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "usage_daily" DROP COLUMN "team_id"`);
  }
}
