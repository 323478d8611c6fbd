import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Teams get a billing account: a balance beside the users', and ledger entries that belong to a
 * team (team_id) instead of a user. A team's entries stay when the team is deleted: the ledger is
 * the record, so there is no foreign key.
 */
export class AddedTeamAccounts1796335000000 implements MigrationInterface {
  name = 'AddedTeamAccounts1796335000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "teams" ADD "balance_micros" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" ADD "team_id" uuid`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" ALTER COLUMN "user_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" ADD CONSTRAINT "ck_ledger_entries_account" CHECK ("user_id" IS NOT NULL OR "team_id" IS NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "ix_ledger_entries_team_time" ON "ledger_entries" ("team_id", "created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_ledger_entries_team_time"`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" DROP CONSTRAINT "ck_ledger_entries_account"`);
    // Team entries have no user: they cannot stay in a ledger without accounts.
    await queryRunner.query(`DELETE FROM "ledger_entries" WHERE "user_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" ALTER COLUMN "user_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" DROP COLUMN "team_id"`);
    await queryRunner.query(`ALTER TABLE "teams" DROP COLUMN "balance_micros"`);
  }
}
