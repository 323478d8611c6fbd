import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budgets on keys (the key's quota becomes a \`total\` budget: same column), users and teams; spend per
 * subject and UTC day, filled from the usage rows so far (a key's, and each account's: the team's for a
 * team key, else the user's); low-balance thresholds; notifications.
 */
export class AddedBudgetsAndNotifications1796340000000 implements MigrationInterface {
  name = 'AddedBudgetsAndNotifications1796340000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "budget_spend" ("subject_id" uuid NOT NULL, "day" date NOT NULL, "spent_micros" bigint NOT NULL, CONSTRAINT "PK_0bde3cc2595a22ca26951816bea" PRIMARY KEY ("subject_id", "day"))`);
    await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" text NOT NULL, "user_id" uuid, "team_id" uuid, "key_id" uuid, "dedupe" text NOT NULL, "data" jsonb NOT NULL, "text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_notifications_dedupe" ON "notifications"  ("dedupe") `);
    await queryRunner.query(`CREATE INDEX "ix_notifications_undispatched" ON "notifications"  ("created_at") WHERE "dispatched_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_notifications_team_time" ON "notifications"  ("team_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_notifications_user_time" ON "notifications"  ("user_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "users" ADD "budget_micros" bigint`);
    await queryRunner.query(`ALTER TABLE "users" ADD "budget_period" text NOT NULL DEFAULT 'total'`);
    await queryRunner.query(`ALTER TABLE "users" ADD "budget_alerts" integer array NOT NULL DEFAULT '{50,80,100}'`);
    await queryRunner.query(`ALTER TABLE "users" ADD "low_balance_micros" bigint`);
    await queryRunner.query(`ALTER TABLE "users" ADD "low_balance_alerted" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "budget_period" text NOT NULL DEFAULT 'total'`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "budget_alerts" integer array NOT NULL DEFAULT '{50,80,100}'`);
    await queryRunner.query(`ALTER TABLE "teams" ADD "budget_micros" bigint`);
    await queryRunner.query(`ALTER TABLE "teams" ADD "budget_period" text NOT NULL DEFAULT 'total'`);
    await queryRunner.query(`ALTER TABLE "teams" ADD "budget_alerts" integer array NOT NULL DEFAULT '{50,80,100}'`);
    await queryRunner.query(`ALTER TABLE "teams" ADD "low_balance_micros" bigint`);
    await queryRunner.query(`ALTER TABLE "teams" ADD "low_balance_alerted" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "ck_users_budget_period" CHECK ("budget_period" IN ('day', 'week', 'month', 'total'))`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "ck_api_keys_budget_period" CHECK ("budget_period" IN ('day', 'week', 'month', 'total'))`);
    await queryRunner.query(`ALTER TABLE "teams" ADD CONSTRAINT "ck_teams_budget_period" CHECK ("budget_period" IN ('day', 'week', 'month', 'total'))`);
    await queryRunner.query(`INSERT INTO "budget_spend" ("subject_id", "day", "spent_micros")
      SELECT subject, day, SUM(cost) FROM (
        SELECT key_id AS subject, (created_at AT TIME ZONE 'UTC')::date AS day, cost_micros AS cost FROM usage_logs WHERE key_id IS NOT NULL AND cost_micros > 0
        UNION ALL
        SELECT COALESCE(team_id, user_id), (created_at AT TIME ZONE 'UTC')::date, cost_micros FROM usage_logs WHERE cost_micros > 0
      ) s GROUP BY subject, day`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "teams" DROP CONSTRAINT "ck_teams_budget_period"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "ck_api_keys_budget_period"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_budget_period"`);
    await queryRunner.query(`ALTER TABLE "teams" DROP COLUMN "low_balance_alerted"`);
    await queryRunner.query(`ALTER TABLE "teams" DROP COLUMN "low_balance_micros"`);
    await queryRunner.query(`ALTER TABLE "teams" DROP COLUMN "budget_alerts"`);
    await queryRunner.query(`ALTER TABLE "teams" DROP COLUMN "budget_period"`);
    await queryRunner.query(`ALTER TABLE "teams" DROP COLUMN "budget_micros"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "budget_alerts"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "budget_period"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "low_balance_alerted"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "low_balance_micros"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "budget_alerts"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "budget_period"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "budget_micros"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_user_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_team_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_undispatched"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notifications_dedupe"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP TABLE "budget_spend"`);
  }
}
