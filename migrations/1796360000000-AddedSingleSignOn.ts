import { MigrationInterface, QueryRunner } from 'typeorm';

/** Single sign-on: its settings, sign-ins in flight and one-time codes, and each user's identity-provider subject (SSO accounts have no password). */
export class AddedSingleSignOn1796360000000 implements MigrationInterface {
  name = 'AddedSingleSignOn1796360000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "sso_settings" ("id" smallint NOT NULL DEFAULT '1', "enabled" boolean NOT NULL DEFAULT false, "issuer_url" text NOT NULL, "client_id" text NOT NULL, "client_secret_sealed" text, "scopes" text NOT NULL, "redirect_url" text NOT NULL, "post_logout_redirect_url" text, "display_name" text NOT NULL, "claim_mapping" jsonb NOT NULL, "sso_required" boolean NOT NULL DEFAULT false, "allowed_domains" text array NOT NULL DEFAULT '{}', "break_glass_emails" text array NOT NULL DEFAULT '{}', "trust_email" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_sso_settings_single" CHECK ("id" = 1), CONSTRAINT "PK_6859bb1e603183281bfe9b652f5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "oidc_login_codes" ("code_hash" text NOT NULL, "user_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a21967d86083f0d9a23dfd3695c" PRIMARY KEY ("code_hash"))`);
    await queryRunner.query(`CREATE INDEX "ix_oidc_login_codes_expires" ON "oidc_login_codes"  ("expires_at") `);
    await queryRunner.query(`CREATE TABLE "oidc_login_states" ("state_hash" text NOT NULL, "browser_hash" text NOT NULL, "nonce" text NOT NULL, "code_verifier" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ed4b77d1fa74df9e8cb1fe2d588" PRIMARY KEY ("state_hash"))`);
    await queryRunner.query(`CREATE INDEX "ix_oidc_login_states_expires" ON "oidc_login_states"  ("expires_at") `);
    await queryRunner.query(`ALTER TABLE "users" ADD "oidc_subject" text`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_oidc_subject" ON "users"  ("oidc_subject") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_users_oidc_subject"`);
    // SSO accounts get an unusable hash (no password verifies against it).
    await queryRunner.query(`UPDATE "users" SET "password_hash" = '!' WHERE "password_hash" IS NULL`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "oidc_subject"`);
    await queryRunner.query(`DROP INDEX "public"."ix_oidc_login_states_expires"`);
    await queryRunner.query(`DROP TABLE "oidc_login_states"`);
    await queryRunner.query(`DROP INDEX "public"."ix_oidc_login_codes_expires"`);
    await queryRunner.query(`DROP TABLE "oidc_login_codes"`);
    await queryRunner.query(`DROP TABLE "sso_settings"`);
  }
}
