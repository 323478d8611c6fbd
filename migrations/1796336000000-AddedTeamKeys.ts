import { MigrationInterface, QueryRunner } from 'typeorm';

/** Team keys (charged to the team's account) and the team on each usage row. */
export class AddedTeamKeys1796336000000 implements MigrationInterface {
  name = 'AddedTeamKeys1796336000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "team_id" uuid`);
    await queryRunner.query(`CREATE INDEX "ix_api_keys_team" ON "api_keys" ("team_id") `);
    await queryRunner.query(`ALTER TABLE "usage_logs" ADD "team_id" uuid`);
    await queryRunner.query(`CREATE INDEX "ix_usage_logs_team_time" ON "usage_logs" ("team_id", "created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_usage_logs_team_time"`);
    await queryRunner.query(`ALTER TABLE "usage_logs" DROP COLUMN "team_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_api_keys_team"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "team_id"`);
  }
}
