import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TEST_REDIS_URL } from '@gateway/testing';
import { chat, ledgerMismatches, sql, usageRows } from '../support/gateway-setup';
import { startGatewayProcess } from '../support/gateway-process';
import { api, login, newUser } from '../support/http';

/**
 * A gateway killed (SIGKILL) after answering, before its batched write, must lose neither
 * the usage row nor the charge: the next process replays the durable outbox (and, with
 * Redis, the settlement journal first).
 */
describe.each([
  ['the file outbox (no Redis)', false],
  ['the Redis outbox', true],
])('usage survives a crash between response and write, with %s', (_name, redis) => {
  it('writes the row and the charge after a restart', async () => {
    const db = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'gw-crash-'));
    const env: Record<string, string> = { DATABASE_URL: db.url, DATA_DIR: dataDir, ...(redis ? { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `gwcrash${Date.now()}:`, USAGE_WRITER: 'api' } : {}) };
    // The first process would write its batch only after a minute, and (with Redis) apply its
    // settlements only after a minute too (they sit in its local journal): it is killed long before.
    const first = await startGatewayProcess({ ...env, USAGE_FLUSH_INTERVAL_MS: '60000', SETTLE_BATCH_MS: '60000' });
    try {
      const admin = api(first.url, (await login(first.url, 'admin@example.com', 'admin-password-123')).accessToken);
      const provider = (await admin.post('/api/v1/providers', { name: 'mock', type: 'mock' })).body;
      await admin.post('/api/v1/models', { name: 'crashy', targets: [{ providerId: provider.id, upstreamModel: 'mock-small' }], inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2 });
      const user = await newUser(first.url);
      await admin.post('/api/v1/admin/credits/grant', { userId: user.id, amountUsd: 1 });
      const key = (await user.client.post('/api/v1/keys', { name: 'k' })).body.key;

      const res = await chat(first.url, key, { model: 'crashy', messages: [{ role: 'user', content: 'remember me' }] });
      expect(res.status).toBe(200);
      const { usage } = await res.json();
      await first.kill('SIGKILL');
      expect(await sql(db.url, 'SELECT count(*)::int AS n FROM usage_logs')).toEqual([{ n: 0 }]);

      const second = await startGatewayProcess(env);
      try {
        const [row] = await usageRows(db.url, user.id, 1, 15_000).catch((e) => {
          throw new Error(`${e.message}\nfirst:\n${first.output()}\nsecond:\n${second.output()}`);
        });
        const expected = Math.floor((usage.prompt_tokens * 1_000_000 + usage.completion_tokens * 2_000_000 + 500_000) / 1_000_000);
        expect(row).toMatchObject({ request_id: res.headers.get('x-request-id'), status: 200, cost_micros: String(expected) });
        const charges = await sql(db.url, "SELECT amount_micros FROM ledger_entries WHERE type = 'charge'");
        expect(charges).toEqual([{ amount_micros: String(-expected) }]);
        expect(await ledgerMismatches(db.url)).toEqual([]);
      } finally {
        await second.kill();
      }
    } finally {
      await first.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      await db.drop();
    }
  }, 120_000);
});

describe('graceful shutdown', () => {
  it('writes the outbox to PostgreSQL before the process exits on SIGTERM', async () => {
    const db = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'gw-stop-'));
    const gateway = await startGatewayProcess({ DATABASE_URL: db.url, DATA_DIR: dataDir, USAGE_FLUSH_INTERVAL_MS: '60000' });
    try {
      const admin = api(gateway.url, (await login(gateway.url, 'admin@example.com', 'admin-password-123')).accessToken);
      const provider = (await admin.post('/api/v1/providers', { name: 'mock', type: 'mock' })).body;
      await admin.post('/api/v1/models', { name: 'stoppy', targets: [{ providerId: provider.id, upstreamModel: 'mock-small' }], inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2 });
      const user = await newUser(gateway.url);
      await admin.post('/api/v1/admin/credits/grant', { userId: user.id, amountUsd: 1 });
      const key = (await user.client.post('/api/v1/keys', { name: 'k' })).body.key;
      expect((await chat(gateway.url, key, { model: 'stoppy', messages: [{ role: 'user', content: 'bye' }] })).status).toBe(200);
      await gateway.kill('SIGTERM');
      const rows = await sql(db.url, 'SELECT status, cost_micros FROM usage_logs WHERE user_id = $1', [user.id]);
      expect(rows).toHaveLength(1);
      expect(Number(rows[0].cost_micros)).toBeGreaterThan(0);
      expect(await ledgerMismatches(db.url)).toEqual([]);
    } finally {
      await gateway.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      await db.drop();
    }
  }, 120_000);
});
