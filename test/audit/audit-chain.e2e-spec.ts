/**
 * The chain: verify finds the first edited or deleted record; pruning past the retention keeps
 * it verifiable and records itself; concurrent writers never fork it; a change whose record
 * cannot be written is rolled back with it.
 */
import { auditContextOn, auditHash } from '@gateway/audit';
import { JOB_QUEUES, QUEUES, type JobQueues } from '@gateway/queue';
import { waitFor } from '@gateway/testing';
import { sql } from '../support/gateway-setup';
import { api, login, newUser } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

/** A row as read with pg, in the shape its hash covers. */
const hashedFields = (r: any) => ({
  seq: Number(r.seq),
  createdAt: r.created_at.toISOString(),
  actorUserId: r.actor_user_id,
  actorKeyId: r.actor_key_id,
  ip: r.ip,
  userAgent: r.user_agent,
  requestId: r.request_id,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  diff: r.diff,
  prevHash: r.prev_hash,
});

describe('audit chain', () => {
  let t: TestApp;
  let admin: ReturnType<typeof api>;
  const verify = async () => (await admin.get('/api/v1/admin/audit/verify')).body;
  const q = (text: string, params: unknown[] = []) => sql(t.databaseUrl, text, params);

  beforeAll(async () => {
    t = await startTestApp({ env: { AUDIT_RETENTION_DAYS: '30' } });
    admin = api(t.url, (await login(t.url, t.adminEmail, t.adminPassword)).accessToken);
    const user = await newUser(t.url);
    for (let i = 0; i < 5; i++) await user.client.post('/api/v1/keys', { name: `k${i}` });
  }, 60_000);
  afterAll(() => t?.close());

  it('verifies an untouched chain from the genesis record', async () => {
    const v = await verify();
    expect(v).toMatchObject({ ok: true, firstSeq: 1, firstBreak: null });
    expect(v.checked).toBeGreaterThanOrEqual(7);
    expect(v.headHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports an edited record, and one whose hash was recomputed after the edit, at the first break', async () => {
    const [row] = await q("SELECT seq, diff, hash FROM audit_log WHERE action = 'key.create' ORDER BY seq LIMIT 1 OFFSET 2");
    await q(`UPDATE audit_log SET diff = jsonb_set(diff, '{after,name}', '"tampered"') WHERE seq = $1`, [row.seq]);
    expect((await verify()).firstBreak).toEqual({ seq: Number(row.seq), reason: expect.stringContaining('edited') });
    // A forger who also rewrites the hash is caught by the next record, which names the old one.
    const [edited] = await q('SELECT * FROM audit_log WHERE seq = $1', [row.seq]);
    await q('UPDATE audit_log SET hash = $2 WHERE seq = $1', [row.seq, auditHash(hashedFields(edited))]);
    expect((await verify()).firstBreak?.seq).not.toBe(Number(row.seq));
    expect((await verify()).firstBreak).toEqual({ seq: Number(row.seq) + 1, reason: expect.stringContaining('previous hash') });
    await q('UPDATE audit_log SET diff = $2, hash = $3 WHERE seq = $1', [row.seq, row.diff, row.hash]);
    expect((await verify()).ok).toBe(true);
  });

  it('reports a deleted record', async () => {
    const [row] = await q('SELECT * FROM audit_log WHERE seq = 4');
    await q('DELETE FROM audit_log WHERE seq = 4');
    const v = await verify();
    expect(v).toMatchObject({ ok: false, firstBreak: { seq: 5, reason: expect.stringContaining('missing') } });
    await q('INSERT INTO audit_log SELECT * FROM json_populate_record(NULL::audit_log, $1)', [JSON.stringify(row)]);
    expect((await verify()).ok).toBe(true);
    // The oldest ones deleted look like a pruning that never happened.
    const [first] = await q('SELECT * FROM audit_log WHERE seq = 1');
    await q('DELETE FROM audit_log WHERE seq = 1');
    expect((await verify()).firstBreak).toEqual({ seq: 2, reason: expect.stringContaining('no pruning record') });
    await q('INSERT INTO audit_log SELECT * FROM json_populate_record(NULL::audit_log, $1)', [JSON.stringify(first)]);
    expect((await verify()).ok).toBe(true);
  });

  it('keeps one unforked chain under concurrent writers, each record with its own actor', async () => {
    const before = (await q('SELECT max(seq)::int AS n FROM audit_log'))[0].n;
    const users = await Promise.all([0, 1, 2].map(() => newUser(t.url)));
    const started = performance.now();
    const results = await Promise.all(users.flatMap((u) => Array.from({ length: 10 }, (_, i) => u.client.post('/api/v1/keys', { name: `c${i}` }))));
    const ms = performance.now() - started;
    expect(results.every((r) => r.status === 201)).toBe(true);
    const rows = await q('SELECT seq::int, target_id, actor_user_id FROM audit_log WHERE seq > $1 AND action = $2 ORDER BY seq', [before, 'key.create']);
    expect(new Set(rows.map((r) => r.target_id))).toEqual(new Set(results.map((r) => r.body.id)));
    const creator = new Map(results.map((r, i) => [r.body.id, users[Math.floor(i / 10)].id]));
    expect(rows.map((r) => r.actor_user_id)).toEqual(rows.map((r) => creator.get(r.target_id)));
    // The context (which hooks every promise of the process) is off once no management request runs.
    expect(auditContextOn()).toBe(false);
    const v = await verify();
    expect(v).toMatchObject({ ok: true, firstSeq: 1 });
    expect(v.checked).toBe(v.lastSeq);
    console.log(`30 concurrent key creations (3 users): ${ms.toFixed(0)} ms`);
  });

  it('rolls the change back when its record cannot be written', async () => {
    await q(`CREATE FUNCTION audit_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit insert refused'; END $$ LANGUAGE plpgsql`);
    await q('CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse()');
    try {
      const me = (await admin.get('/api/v1/auth/me')).body;
      expect((await admin.post('/api/v1/keys', { name: 'never' })).status).toBe(500);
      expect((await admin.post('/api/v1/providers', { name: 'never', type: 'mock' })).status).toBe(500);
      expect((await admin.post('/api/v1/admin/credits/grant', { userId: me.id, amountUsd: 5 })).status).toBe(500);
      expect((await admin.post('/api/v1/teams', { name: 'Never', slug: 'never' })).status).toBe(500);
      expect(await q("SELECT (SELECT count(*) FROM api_keys WHERE name = 'never')::int AS keys, (SELECT count(*) FROM providers)::int AS providers, (SELECT count(*) FROM ledger_entries)::int AS ledger, (SELECT count(*) FROM teams)::int AS teams")).toEqual([{ keys: 0, providers: 0, ledger: 0, teams: 0 }]);
      expect((await q('SELECT balance_micros::int AS b FROM users WHERE id = $1', [me.id]))[0].b).toBe(0);
    } finally {
      await q('DROP TRIGGER audit_refuse ON audit_log');
      await q('DROP FUNCTION audit_refuse()');
    }
  });

  it('prunes past the retention with a job that records its pruning, and the chain still verifies', async () => {
    // The first ten records become 40 days old (their hashes break, but they are the ones pruned).
    await q("UPDATE audit_log SET created_at = created_at - interval '40 days' WHERE seq <= 10");
    const head = (await q('SELECT max(seq)::int AS n FROM audit_log'))[0].n;
    await t.app.get<JobQueues>(JOB_QUEUES).add(QUEUES.auditPrune, {});
    const [prune] = (await waitFor(async () => {
      const rows = await q("SELECT * FROM audit_log WHERE action = 'audit.prune'");
      return rows.length ? rows : null;
    }, 10_000)) as any[];
    expect(Number(prune.seq)).toBe(head + 1);
    expect(prune).toMatchObject({ actor_user_id: null, target_type: 'audit_log', diff: { after: { deleted: 10, keptFromSeq: 11, retentionDays: 30 } } });
    expect((await q('SELECT min(seq)::int AS n FROM audit_log'))[0].n).toBe(11);
    const v = await verify();
    expect(v).toMatchObject({ ok: true, firstSeq: 11, lastSeq: head + 1, firstBreak: null });

    // Deleting the oldest kept record is not a pruning.
    await q('DELETE FROM audit_log WHERE seq = 11');
    expect((await verify()).firstBreak).toEqual({ seq: 12, reason: expect.stringContaining('no pruning record') });
  });
});
