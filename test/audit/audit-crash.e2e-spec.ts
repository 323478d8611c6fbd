/**
 * A gateway killed (SIGKILL) while admin actions are in flight: every action that committed has
 * its record and every record its action, and the chain still verifies after a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@gateway/testing';
import { sql } from '../support/gateway-setup';
import { startGatewayProcess } from '../support/gateway-process';
import { api, login } from '../support/http';

describe('audit records survive a kill exactly as their actions do', () => {
  it('leaves each key creation with its record, or neither', async () => {
    const db = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'gw-audit-crash-'));
    const env = { DATABASE_URL: db.url, DATA_DIR: dataDir };
    const first = await startGatewayProcess(env);
    try {
      const admin = api(first.url, (await login(first.url, 'admin@example.com', 'admin-password-123')).accessToken);
      let sent = 0;
      let answered = 0;
      let killed = false;
      const loop = async (lane: number) => {
        for (let i = 0; !killed; i++) {
          sent++;
          const res = await admin.post('/api/v1/keys', { name: `crash-${lane}-${i}` }).catch(() => null);
          if (res?.status === 201) answered++;
        }
      };
      const lanes = [0, 1, 2, 3].map(loop);
      await new Promise((r) => setTimeout(r, 1500));
      killed = true;
      await first.kill('SIGKILL');
      await Promise.all(lanes);

      const [counts] = await sql(
        db.url,
        `SELECT (SELECT count(*) FROM api_keys WHERE name LIKE 'crash-%')::int AS keys,
                (SELECT count(*) FROM api_keys k WHERE name LIKE 'crash-%' AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'key.create' AND a.target_id = k.id::text))::int AS unrecorded,
                (SELECT count(*) FROM audit_log a WHERE action = 'key.create' AND NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.id::text = a.target_id))::int AS orphans`,
      );
      console.log(`sent ${sent}, answered ${answered}, committed ${counts.keys} before the kill`);
      expect(counts).toMatchObject({ unrecorded: 0, orphans: 0 });
      expect(counts.keys).toBeGreaterThanOrEqual(answered);

      const second = await startGatewayProcess(env);
      try {
        const again = api(second.url, (await login(second.url, 'admin@example.com', 'admin-password-123')).accessToken);
        expect((await again.get('/api/v1/admin/audit/verify')).body).toMatchObject({ ok: true, firstSeq: 1, firstBreak: null });
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
