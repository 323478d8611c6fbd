import { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhooks (a user's or a team's, secret sealed at rest) and the log of their deliveries. */
export class CreatedWebhooksAndDeliveries1796330000000 implements MigrationInterface {
  name = 'CreatedWebhooksAndDeliveries1796330000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "webhooks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid, "team_id" uuid, "url" text NOT NULL, "events" text array NOT NULL, "secret_enc" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "disabled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_webhooks_events" CHECK (cardinality("events") > 0 AND "events" <@ ARRAY['budget.threshold', 'balance.low']::text[]), CONSTRAINT "ck_webhooks_owner" CHECK (("user_id" IS NULL) <> ("team_id" IS NULL)), CONSTRAINT "PK_9e8795cfc899ab7bdaa831e8527" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhooks_user" ON "webhooks"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "ix_webhooks_team" ON "webhooks"  ("team_id") `);
    await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "webhook_id" uuid NOT NULL, "event" text NOT NULL, "payload" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_status_code" integer, "last_error" text, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_webhook_deliveries_status" CHECK ("status" IN ('pending', 'delivered', 'failed')), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_due" ON "webhook_deliveries"  ("next_attempt_at") WHERE "status" = 'pending'`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_webhook" ON "webhook_deliveries"  ("webhook_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "webhooks" ADD CONSTRAINT "fk_webhooks_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhooks" ADD CONSTRAINT "fk_webhooks_team" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_webhook" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_webhook"`);
    await queryRunner.query(`ALTER TABLE "webhooks" DROP CONSTRAINT "fk_webhooks_team"`);
    await queryRunner.query(`ALTER TABLE "webhooks" DROP CONSTRAINT "fk_webhooks_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_webhook"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_due"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhooks_team"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhooks_user"`);
    await queryRunner.query(`DROP TABLE "webhooks"`);
  }
}
