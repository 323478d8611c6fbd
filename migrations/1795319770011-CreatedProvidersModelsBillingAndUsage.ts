import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatedProvidersModelsBillingAndUsage1795319770011 implements MigrationInterface {
  name = 'CreatedProvidersModelsBillingAndUsage1795319770011';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "ledger_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "type" text NOT NULL, "amount_micros" bigint NOT NULL, "request_id" text, "note" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6efcb84411d3f08b08450ae75d5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ledger_entries_charge" ON "ledger_entries"  ("request_id") WHERE type = 'charge'`);
    await queryRunner.query(`CREATE INDEX "ix_ledger_entries_user_time" ON "ledger_entries"  ("user_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "models" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "description" text, "targets" jsonb NOT NULL, "input_price_micros" bigint NOT NULL, "output_price_micros" bigint NOT NULL, "tiers" jsonb NOT NULL DEFAULT '[]', "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ef9ed7160ea69013636466bf2d5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_models_name" ON "models"  ("name") `);
    await queryRunner.query(`CREATE TABLE "providers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "type" text NOT NULL, "base_url" text, "api_key_enc" text, "api_key_mask" text, "headers" jsonb NOT NULL DEFAULT '{}', "timeout_ms" integer NOT NULL DEFAULT '60000', "enabled" boolean NOT NULL DEFAULT true, "health_status" text NOT NULL DEFAULT 'unknown', "discovered_models" jsonb, "models_fetched_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_af13fc2ebf382fe0dad2e4793aa" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_providers_name" ON "providers"  ("name") `);
    await queryRunner.query(`CREATE TABLE "provider_health_checks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "status" text NOT NULL, "latency_ms" integer, "error" text, "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1a1318923cd4dfef383fbb635d1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_provider_health_checks_provider_time" ON "provider_health_checks"  ("provider_id", "checked_at") `);
    await queryRunner.query(`CREATE TABLE "usage_daily" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "day" date NOT NULL, "user_id" uuid NOT NULL, "key_id" text NOT NULL, "model" text NOT NULL, "provider" text NOT NULL, "user_tier" text NOT NULL DEFAULT '', "requests" integer NOT NULL, "errors" integer NOT NULL, "prompt_tokens" bigint NOT NULL, "completion_tokens" bigint NOT NULL, "cost_micros" bigint NOT NULL, "latency_p50_ms" integer NOT NULL, "latency_p95_ms" integer NOT NULL, CONSTRAINT "PK_b0d404396506036eee9af200809" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_usage_daily_group" ON "usage_daily"  ("day", "user_id", "key_id", "model", "provider") `);
    await queryRunner.query(`CREATE TABLE "usage_logs" ("request_id" text NOT NULL, "user_id" uuid NOT NULL, "key_id" uuid, "model" text NOT NULL, "provider_id" uuid, "provider" text, "upstream_model" text, "endpoint" text NOT NULL, "stream" boolean NOT NULL DEFAULT false, "status" integer NOT NULL, "prompt_tokens" integer NOT NULL DEFAULT '0', "completion_tokens" integer NOT NULL DEFAULT '0', "cost_micros" bigint NOT NULL DEFAULT '0', "latency_ms" integer NOT NULL DEFAULT '0', "ttft_ms" integer, "attempts" integer NOT NULL DEFAULT '1', "error" text, "user_tier" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_61832180d8b5743233ed4ed2015" PRIMARY KEY ("request_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_usage_logs_time" ON "usage_logs"  ("created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_usage_logs_user_time" ON "usage_logs"  ("user_id", "created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_usage_logs_user_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_usage_logs_time"`);
    await queryRunner.query(`DROP TABLE "usage_logs"`);
    await queryRunner.query(`DROP INDEX "public"."uq_usage_daily_group"`);
    await queryRunner.query(`DROP TABLE "usage_daily"`);
    await queryRunner.query(`DROP INDEX "public"."ix_provider_health_checks_provider_time"`);
    await queryRunner.query(`DROP TABLE "provider_health_checks"`);
    await queryRunner.query(`DROP INDEX "public"."uq_providers_name"`);
    await queryRunner.query(`DROP TABLE "providers"`);
    await queryRunner.query(`DROP INDEX "public"."uq_models_name"`);
    await queryRunner.query(`DROP TABLE "models"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ledger_entries_user_time"`);
    await queryRunner.query(`DROP INDEX "public"."uq_ledger_entries_charge"`);
    await queryRunner.query(`DROP TABLE "ledger_entries"`);
  }
}
