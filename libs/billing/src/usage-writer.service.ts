import { createHash } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { ALERTS_SQL } from './budget-alerts.sql';
import { CREDIT_GATE, CreditGate } from './gate/credit-gate';
import { USAGE_OUTBOX, UsageOutbox } from './outbox/usage-outbox';

const BATCH = 500;
/** PostgreSQL's answers when a named statement is not on the server connection (a pooler in transaction mode) or is there twice. */
const STATEMENT_MISSING = new Set(['26000', '42P05']);
/** How often claims of processes that died are looked for (theirs expire ~10 s after the death). */
const RECOVER_EVERY_MS = 5_000;

/**
 * One statement per batch: usage rows (idempotent on request id), a ledger charge for each
 * new row, the accounts' cached balances (the user's, or the team's for a team key), the
 * keys' quota use and the budgets' spend per day — all or nothing. The records are read as
 * `json`, not `jsonb`: read once, jsonb's binary form is built for nothing (~9 µs a row). The
 * brackets are added by PostgreSQL: the joined text goes out as it is, not copied once more.
 */
const WRITE_SQL = `
WITH input AS (
  SELECT DISTINCT ON ("requestId") * FROM json_to_recordset(('[' || $1 || ']')::json) AS r(
    "requestId" text, "userId" uuid, "keyId" uuid, "teamId" uuid, model text, "providerId" uuid, provider text, "upstreamModel" text,
    endpoint text, stream boolean, status int, "promptTokens" int, "completionTokens" int, "cacheReadTokens" int, "cacheWriteTokens" int,
    "reasoningTokens" int, "usageSource" text, "costMicros" bigint, "cacheSavingsMicros" bigint,
    "latencyMs" int, "ttftMs" int, attempts int, error text, tier text, "createdAt" bigint, origin text)
),
ins AS (
  INSERT INTO usage_logs (request_id, user_id, key_id, team_id, model, provider_id, provider, upstream_model, endpoint, stream, status,
    prompt_tokens, completion_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, usage_source, cost_micros, cache_savings_micros,
    latency_ms, ttft_ms, attempts, error, user_tier, created_at)
  -- Records journalled before the token kinds existed carry none of them.
  SELECT "requestId", "userId", "keyId", "teamId", model, "providerId", provider, "upstreamModel", endpoint, stream, status,
    "promptTokens", "completionTokens", COALESCE("cacheReadTokens", 0), COALESCE("cacheWriteTokens", 0), COALESCE("reasoningTokens", 0),
    COALESCE("usageSource", 'reported'), "costMicros", COALESCE("cacheSavingsMicros", 0),
    "latencyMs", "ttftMs", attempts, error, tier, to_timestamp("createdAt" / 1000.0)
  FROM input
  ON CONFLICT (request_id) DO NOTHING
  RETURNING request_id, user_id, key_id, team_id, cost_micros, created_at
),
ledger AS (
  -- A charge's entry takes its request's id when that is a UUID (the gateway's grow with time), so
  -- the primary key's index grows at its end like the rest instead of on a random page per row.
  INSERT INTO ledger_entries (id, user_id, team_id, type, amount_micros, request_id, created_at)
  SELECT CASE WHEN request_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN request_id::uuid ELSE gen_random_uuid() END,
    user_id, team_id, 'charge', -cost_micros, request_id, created_at FROM ins WHERE cost_micros > 0
  RETURNING 1
),
balances AS (
  UPDATE users u SET balance_micros = u.balance_micros - s.total
  FROM (SELECT user_id, SUM(cost_micros) AS total FROM ins WHERE cost_micros > 0 AND team_id IS NULL GROUP BY user_id) s
  WHERE u.id = s.user_id
  RETURNING 1
),
team_balances AS (
  UPDATE teams tm SET balance_micros = tm.balance_micros - s.total
  FROM (SELECT team_id, SUM(cost_micros) AS total FROM ins WHERE cost_micros > 0 AND team_id IS NOT NULL GROUP BY team_id) s
  WHERE tm.id = s.team_id
  RETURNING 1
),
quotas AS (
  UPDATE api_keys k SET quota_used_micros = k.quota_used_micros + s.total, last_used_at = GREATEST(k.last_used_at, s.last)
  FROM (SELECT key_id, SUM(cost_micros) AS total, MAX(created_at) AS last FROM ins WHERE key_id IS NOT NULL GROUP BY key_id) s
  WHERE k.id = s.key_id
  RETURNING 1
),
spend AS (
  -- Budgets' committed spend: the key's and the account's (the team's for a team key, else the user's), per UTC day.
  INSERT INTO budget_spend (subject_id, day, spent_micros)
  SELECT subject, day, SUM(cost) FROM (
    SELECT key_id AS subject, (created_at AT TIME ZONE 'UTC')::date AS day, cost_micros AS cost FROM ins WHERE key_id IS NOT NULL AND cost_micros > 0
    UNION ALL
    SELECT COALESCE(team_id, user_id), (created_at AT TIME ZONE 'UTC')::date, cost_micros FROM ins WHERE cost_micros > 0
  ) c GROUP BY subject, day
  ON CONFLICT (subject_id, day) DO UPDATE SET spent_micros = budget_spend.spent_micros + EXCLUDED.spent_micros
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::int AS inserted,
  -- What the batch charged, for the alerts: each key, and each account (the team's or the user's), with its latest row's time.
  (SELECT COALESCE(json_agg(json_build_object('subject', subject, 'kind', kind, 'at', at)), '[]'::json) FROM (
    SELECT key_id AS subject, 'key' AS kind, MAX(created_at) AS at FROM ins WHERE key_id IS NOT NULL AND cost_micros > 0 GROUP BY key_id
    UNION ALL
    SELECT COALESCE(team_id, user_id), CASE WHEN team_id IS NULL THEN 'user' ELSE 'team' END, MAX(created_at) FROM ins WHERE cost_micros > 0 GROUP BY 1, 2
  ) c) AS touched, (SELECT count(*) FROM ledger)::int AS charged,
  (SELECT COALESCE(json_agg("requestId"), '[]'::json) FROM input) AS ids,
  (SELECT COALESCE(json_object_agg(origin, ids), '{}'::json) FROM (SELECT origin, json_agg("requestId") AS ids FROM input WHERE origin IS NOT NULL GROUP BY origin) o) AS confirm
`;

/** A statement under a name that changes with its text. */
const named = (name: string, text: string) => ({ name: `${name}_${createHash('sha1').update(text).digest('hex').slice(0, 8)}`, text });
const WRITE = named('gw_usage_write', WRITE_SQL);
const ALERTS = named('gw_usage_alerts', ALERTS_SQL);

/**
 * Drains the usage outbox into PostgreSQL in batches, off the response path: in each API process
 * (no Redis, or USAGE_WRITER=api), or in the worker only. Tells the gates that settled the
 * records (by their `origin`) that PostgreSQL has them, so their journals can let go.
 */
@Injectable()
export class UsageWriter implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('UsageWriter');
  private timer?: NodeJS.Timeout;
  private draining: Promise<number> | null = null;
  private stopped = false;
  /**
   * The batch statements are named prepared statements: parsed and planned once per connection,
   * not per batch (~1.5 ms of PostgreSQL's CPU for the write, ~1 ms for the alerts). Not with the
   * embedded server, whose connections share one session; dropped for good if a pooler in
   * transaction mode (PgBouncer before 1.21) loses them — the batch is retried unnamed.
   */
  private prepared: boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(USAGE_OUTBOX) private readonly outbox: UsageOutbox,
    /** This process's gate (absent in the worker). */
    @Optional() @Inject(CREDIT_GATE) private readonly gate: CreditGate | null,
  ) {
    this.prepared = config.database.url !== null;
  }

  /** Whether this process drains the outbox (else the worker does, and `drain()` is never called here). */
  get runsHere(): boolean {
    return this.config.usage.writer === this.config.role;
  }

  onModuleInit(): void {
    if (!this.runsHere) return;
    let tick = 0;
    const loop = async () => {
      if (this.stopped) return;
      try {
        if (tick++ % Math.max(Math.round(RECOVER_EVERY_MS / this.config.usage.flushIntervalMs), 1) === 0) await this.outbox.recover();
        await this.drain();
      } catch (e) {
        this.logger.error(`usage write failed, will retry: ${(e as Error).message}`);
      }
      if (!this.stopped) this.timer = setTimeout(loop, this.config.usage.flushIntervalMs);
    };
    this.timer = setTimeout(loop, this.config.usage.flushIntervalMs);
  }

  /** Write what the outbox holds now, in batches of up to 500; resolves with the number of records written. */
  drain(): Promise<number> {
    this.draining ??= this.drainAll().finally(() => (this.draining = null));
    return this.draining;
  }

  private async drainAll(): Promise<number> {
    await this.gate?.flush();
    let written = 0;
    for (;;) {
      const batch = await this.outbox.claim(BATCH);
      if (!batch) return written;
      try {
        for (let i = 0; i < batch.json.length; i += BATCH) await this.writeJson(batch.json.slice(i, i + BATCH));
      } catch (e) {
        await batch.nack();
        throw e;
      }
      await batch.ack();
      written += batch.json.length;
      // A short batch emptied the outbox as it was: what arrived since waits for the next tick,
      // so that under load batches fill up instead of one round trip per handful of records.
      if (batch.json.length < BATCH) return written;
    }
  }

  /**
   * Records as JSON texts, joined into the statement's one JSON array parameter, and the alerts
   * they raise, in one transaction; the gate hears which rows are now in PostgreSQL.
   */
  private async writeJson(json: string[]): Promise<void> {
    if (!json.length) return;
    const result = await this.db.transaction(async (m) => {
      const [written] = await this.statement<{ ids: string[]; confirm: Record<string, string[]>; touched: unknown[] }>(m, WRITE, [json.join(',')]);
      if (written.touched.length) await this.statement(m, ALERTS, [JSON.stringify(written.touched)]);
      return written;
    });
    this.gate?.recorded(result.ids);
    const own = this.gate?.instance;
    if (own) delete result.confirm[own];
    // Best effort: a gate that hears nothing looks its rows up in PostgreSQL after a few seconds.
    await this.outbox.confirm(result.confirm).catch((e) => this.logger.warn(`could not pass on usage confirmations: ${(e as Error).message}`));
  }

  private async statement<T>(m: EntityManager, sql: { name: string; text: string }, values: unknown[]): Promise<T[]> {
    if (!this.prepared) return (await m.query(sql.text, values)) as T[];
    const client = (await m.queryRunner!.connect()) as PoolClient;
    try {
      return (await client.query<T & object>({ ...sql, values })).rows;
    } catch (e) {
      if (STATEMENT_MISSING.has((e as { code?: string }).code ?? '')) {
        this.prepared = false;
        this.logger.warn(`named statements are not kept by this database connection (${(e as Error).message}): using unnamed ones from now on`);
      }
      throw e;
    }
  }

  /** Before the HTTP server and the database close: write what is left in the outbox. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (!this.runsHere) return;
    clearTimeout(this.timer);
    await this.drain().catch((e) => this.logger.error(`final usage write failed (kept in the outbox): ${(e as Error).message}`));
  }
}
