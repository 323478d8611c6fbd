/**
 * The usage writer's batch statements are named prepared statements (parsed and planned once per
 * connection). A connection that loses them — as behind a pooler in transaction mode, where the
 * next transaction lands on another server connection — costs one failed batch, retried with
 * unnamed statements: nothing is lost or charged twice.
 */
import { UsageWriter } from '@gateway/billing';
import type { Client as PgClient, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Gateway, type Route, type UserKey } from '../gateway/gateway-fixture';
import { ledgerMismatches, sql } from '../support/gateway-setup';
import { startTestApp, type TestApp } from '../support/test-app';

type PooledClient = PgClient & { connection: { parsedStatements: Record<string, string> } };

describe('usage writer statements (real PostgreSQL)', () => {
  let t: TestApp;
  let gw: Gateway;
  let route: Route;
  let user: UserKey;
  let writer: UsageWriter;
  let pool: Pool & { _clients: PooledClient[] };

  beforeAll(async () => {
    // Only the test drains (no timer racing it).
    t = await startTestApp({ env: { USAGE_FLUSH_INTERVAL_MS: '600000' } });
    gw = await new Gateway(t).init();
    route = await gw.route([{ kind: 'openai', behaviour: { usage: { prompt: 10, completion: 5 } } }], { inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2 });
    user = await gw.user({ creditsUsd: 1 });
    writer = t.app.get(UsageWriter);
    pool = (t.app.get(DataSource).driver as unknown as { master: typeof pool }).master;
  });
  afterAll(async () => {
    await gw.close();
    await t.close();
  });

  const ask = async (n: number) => {
    for (let i = 0; i < n; i++) await user.openai.chat.completions.create({ model: route.model, messages: [{ role: 'user', content: `question ${i}` }] });
  };
  /** Named statements prepared in each of the writer's pool connections. */
  const preparedNames = async () => {
    const names = new Set<string>();
    for (const client of pool._clients) for (const row of (await client.query('SELECT name FROM pg_prepared_statements')).rows) names.add(row.name);
    return [...names];
  };
  const charged = async () => {
    const [row] = await sql(t.databaseUrl, `SELECT count(*)::int AS rows, (SELECT count(*)::int FROM ledger_entries WHERE type = 'charge' AND user_id = $1) AS charges FROM usage_logs WHERE user_id = $1`, [user.id]);
    return row as { rows: number; charges: number };
  };

  it('writes batches through named statements kept by the connection', async () => {
    await ask(3);
    expect(await writer.drain()).toBe(3);
    expect(await charged()).toEqual({ rows: 3, charges: 3 });
    expect((await preparedNames()).filter((n) => n.startsWith('gw_usage_write_'))).toHaveLength(1);
  });

  it('falls back to unnamed statements when the server connection lost them, losing and doubling nothing', async () => {
    // A pooler in transaction mode: the client believes its statements are prepared, the server connection it gets has none.
    const names = await preparedNames();
    for (const client of pool._clients) {
      await client.query('DEALLOCATE ALL');
      for (const name of names) client.connection.parsedStatements[name] ??= 'prepared elsewhere';
    }
    await ask(3);
    await expect(writer.drain()).rejects.toThrow(/prepared statement .* does not exist/);
    expect(await charged()).toEqual({ rows: 3, charges: 3 });
    // The batch went back to the outbox; the next drain writes it unnamed.
    expect(await writer.drain()).toBe(3);
    await ask(2);
    expect(await writer.drain()).toBe(2);
    expect(await charged()).toEqual({ rows: 8, charges: 8 });
    expect(await preparedNames()).toEqual([]);
    expect(await ledgerMismatches(t.databaseUrl)).toEqual([]);
    expect(await gw.balance(user)).toBeCloseTo(1 - 8 * (10 * 1 + 5 * 2) / 1e6, 9);
  });
});
