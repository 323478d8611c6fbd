import { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only, hash-chained audit log (one record per administrative or security action). */
export class CreatedAuditLog1796350000000 implements MigrationInterface {
  name = 'CreatedAuditLog1796350000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_log" ("seq" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_user_id" uuid, "actor_key_id" uuid, "ip" text, "user_agent" text, "request_id" text, "action" text NOT NULL, "target_type" text, "target_id" text, "diff" jsonb NOT NULL, "prev_hash" text NOT NULL, "hash" text NOT NULL, CONSTRAINT "PK_ce5b9b7d945cab0a6c604bafd9e" PRIMARY KEY ("seq"))`);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_target" ON "audit_log"  ("target_type", "target_id", "seq") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_action" ON "audit_log"  ("action", "seq") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_actor" ON "audit_log"  ("actor_user_id", "seq") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_created" ON "audit_log"  ("created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_actor"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_action"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_target"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
