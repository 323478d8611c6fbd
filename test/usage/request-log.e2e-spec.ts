/**
 * The request log: who sees which requests (admin everyone's, a user their own, a team's owners
 * the team's, others nothing), that only admins see where a request was routed, each filter,
 * a keyset walk through every page while new requests arrive, and a request's detail with the
 * ledger's charge.
 */
import { randomUUID } from 'node:crypto';
import { chat, mockSetup, sql, usageRows, type MockSetup } from '../support/gateway-setup';
import { newUser } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

const hello = [{ role: 'user', content: 'Hello' }];

/** Insert a usage row as the usage writer would, for a user (and optionally a key, team, error…). */
async function logRow(db: string, fields: Record<string, unknown>): Promise<string> {
  const row = { request_id: randomUUID(), model: 'm-plain', endpoint: '/v1/chat/completions', status: 200, cost_micros: 1000, latency_ms: 100, ...fields };
  const columns = Object.keys(row);
  await sql(db, `INSERT INTO usage_logs (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
  return row.request_id as string;
}

describe('request log (real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let s: MockSetup;
  beforeAll(async () => {
    t = await startTestApp({ redis: true });
    s = await mockSetup(t, { creditsUsd: 1 });
  });
  afterAll(() => t.close());

  it('shows admins every request with its route, users their own without it, team owners their team\'s; others get 404', async () => {
    const other = await newUser(t.url);
    await s.admin.post('/api/v1/admin/credits/grant', { userId: other.id, amountUsd: 1 });
    const otherKey = (await other.client.post('/api/v1/keys', { name: 'other key' })).body.key;
    const [owner, member] = [await newUser(t.url), await newUser(t.url)];
    const teamId = (await s.admin.post('/api/v1/teams', { name: 'Log team', slug: `log-${randomUUID().slice(0, 8)}` })).body.id as string;
    await s.admin.post(`/api/v1/teams/${teamId}/members`, { userId: owner.id, role: 'owner' });
    await s.admin.post(`/api/v1/teams/${teamId}/members`, { userId: member.id, role: 'member' });
    await s.admin.post('/api/v1/admin/credits/grant', { teamId, amountUsd: 1 });
    const teamKey = (await owner.client.post('/api/v1/keys', { name: 'member team key', teamId, userId: member.id })).body.key;

    const ids: string[] = [];
    for (const key of [s.key, s.key, otherKey, teamKey]) {
      const res = await chat(t.url, key, { model: s.model, messages: hello });
      expect(res.status).toBe(200);
      ids.push(res.headers.get('x-request-id')!);
      await res.text();
    }
    for (const u of [s.user, other, member]) await usageRows(t.databaseUrl, u.id, u === s.user ? 2 : 1);

    const mine = (await s.user.client.get('/api/v1/requests')).body;
    expect(mine.items.map((r: any) => r.requestId)).toEqual([ids[1], ids[0]]);
    expect(mine.nextCursor).toBeNull();
    expect(mine.items[0]).toMatchObject({ userId: s.user.id, userEmail: s.user.email, keyId: s.keyId, keyName: 'test', model: s.model, provider: null, upstreamModel: null, status: 200 });
    expect(JSON.stringify(mine)).not.toContain('mock-small');

    const all = (await s.admin.get(`/api/v1/admin/requests?userId=${s.user.id}`)).body;
    expect(all.items).toHaveLength(2);
    expect(all.items[0]).toMatchObject({ provider: expect.stringMatching(/^mock-/), upstreamModel: 'mock-small' });
    const everyone = (await s.admin.get('/api/v1/admin/requests?limit=500')).body.items.map((r: any) => r.requestId);
    expect(everyone).toEqual(expect.arrayContaining(ids));

    const team = (await owner.client.get(`/api/v1/teams/${teamId}/requests`)).body;
    expect(team.items).toHaveLength(1);
    expect(team.items[0]).toMatchObject({ requestId: ids[3], userEmail: member.email, teamId, teamName: 'Log team', keyName: 'member team key', provider: null });
    expect((await owner.client.get(`/api/v1/teams/${teamId}/requests?userId=${owner.id}`)).body.items).toEqual([]);
    expect((await owner.client.get(`/api/v1/teams/${teamId}/requests?user=${encodeURIComponent(member.email)}`)).body.items).toHaveLength(1);
    expect((await owner.client.get(`/api/v1/teams/${teamId}/requests?user=${encodeURIComponent(owner.email)}`)).body.items).toEqual([]);
    expect((await member.client.get(`/api/v1/teams/${teamId}/requests`)).status).toBe(403);
    expect((await other.client.get(`/api/v1/teams/${teamId}/requests`)).status).toBe(404);
    expect((await other.client.get('/api/v1/requests')).body.items.map((r: any) => r.requestId)).toEqual([ids[2]]);
    expect((await s.user.client.get('/api/v1/admin/requests')).status).toBe(403);

    // Detail: one's own, one's team's as its owner, anything as an admin; someone else's is as unknown.
    const detail = (await s.user.client.get(`/api/v1/requests/${ids[0]}`)).body;
    expect(detail).toMatchObject({ requestId: ids[0], attempts: 1, provider: null, providerId: null, usageSource: expect.any(String) });
    expect(detail.costUsd).toBeGreaterThan(0);
    expect(detail.charges).toEqual([expect.objectContaining({ type: 'charge', amountUsd: -detail.costUsd, requestId: ids[0], userId: s.user.id, teamId: null })]);
    expect((await other.client.get(`/api/v1/requests/${ids[0]}`)).status).toBe(404);
    expect((await owner.client.get(`/api/v1/requests/${ids[0]}`)).status).toBe(404);
    const teamCharge = (await owner.client.get(`/api/v1/requests/${ids[3]}`)).body;
    expect(teamCharge.charges).toEqual([expect.objectContaining({ teamId, amountUsd: -teamCharge.costUsd })]);
    expect((await member.client.get(`/api/v1/requests/${ids[3]}`)).status).toBe(200);
    expect((await s.admin.get(`/api/v1/requests/${ids[2]}`)).body).toMatchObject({ providerId: s.providerId, upstreamModel: 'mock-small' });
    expect((await s.user.client.get(`/api/v1/requests/${randomUUID()}`)).status).toBe(404);
  });

  it('filters by time, key, team, model, provider, status, cost, latency and request id; refuses bad filters', async () => {
    const u = await newUser(t.url);
    const key = (await u.client.post('/api/v1/keys', { name: 'filtered key' })).body;
    const providerId = randomUUID();
    const base = { user_id: u.id, key_id: key.id, provider: 'acme-upstream', provider_id: providerId, upstream_model: 'acme-large' };
    const r = {
      old: await logRow(t.databaseUrl, { ...base, created_at: '2026-01-05T10:00:00Z' }),
      plain: await logRow(t.databaseUrl, { ...base, user_id: u.id, key_id: null, provider: 'other-upstream', provider_id: null, created_at: '2026-01-06T10:00:00Z' }),
      costly: await logRow(t.databaseUrl, { ...base, model: 'm-big', cost_micros: 5_000_000, latency_ms: 9000, created_at: '2026-01-07T10:00:00Z' }),
      limited: await logRow(t.databaseUrl, { ...base, status: 429, error: 'acme-upstream said: slow down on acme-large', created_at: '2026-01-08T10:00:00Z' }),
      cut: await logRow(t.databaseUrl, { ...base, status: 200, error: 'stream cut', created_at: '2026-01-09T10:00:00Z' }),
      failed: await logRow(t.databaseUrl, { ...base, status: 502, error: 'bad gateway', created_at: '2026-01-10T10:00:00Z' }),
    };
    const mine = async (query: string) => {
      const res = await u.client.get(`/api/v1/requests?${query}`);
      expect(res.status).toBe(200);
      return res.body.items.map((row: any) => row.requestId);
    };
    expect(await mine('')).toEqual([r.failed, r.cut, r.limited, r.costly, r.plain, r.old]);
    expect(await mine('from=2026-01-06&to=2026-01-08')).toEqual([r.limited, r.costly, r.plain]);
    expect(await mine('from=2026-01-06T10:00:00Z&to=2026-01-07T10:00:00Z')).toEqual([r.plain]);
    expect(await mine(`keyId=${key.id}&to=2026-01-07`)).toEqual([r.costly, r.old]);
    expect(await mine('model=m-big')).toEqual([r.costly]);
    expect(await mine('status=error')).toEqual([r.failed, r.cut, r.limited]);
    expect(await mine('status=ok')).toEqual([r.costly, r.plain, r.old]);
    expect(await mine('status=4xx')).toEqual([r.limited]);
    expect(await mine('status=502')).toEqual([r.failed]);
    expect(await mine('minCostUsd=1')).toEqual([r.costly]);
    expect(await mine('minLatencyMs=5000')).toEqual([r.costly]);
    expect(await mine(`requestId=${r.cut}`)).toEqual([r.cut]);
    expect(await mine('teamId=none&limit=2')).toEqual([r.failed, r.cut]);

    // Only admins see (and filter by) the provider, also inside error messages.
    const limited = (await u.client.get(`/api/v1/requests?requestId=${r.limited}`)).body.items[0];
    expect(limited).toMatchObject({ provider: null, upstreamModel: null, error: 'the provider said: slow down on m-plain' });
    const admin = async (query: string) => (await s.admin.get(`/api/v1/admin/requests?userId=${u.id}&${query}`)).body.items.map((row: any) => row.requestId);
    expect(await admin('provider=other-upstream')).toEqual([r.plain]);
    expect(await admin(`providerId=${providerId}&status=5xx`)).toEqual([r.failed]);
    expect((await s.admin.get(`/api/v1/admin/requests?requestId=${r.limited}`)).body.items[0]).toMatchObject({ provider: 'acme-upstream', error: 'acme-upstream said: slow down on acme-large' });

    for (const bad of ['provider=acme-upstream', `userId=${s.user.id}`, 'status=fine', 'status=6xx', 'from=2026-01-09&to=2026-01-08', 'limit=0', 'limit=501', 'minCostUsd=x', 'keyId=nope', 'cursor=bm90IGEgY3Vyc29y', 'cursor=%5B%5D']) {
      const res = await u.client.get(`/api/v1/requests?${bad}`);
      expect([bad, res.status]).toEqual([bad, 400]);
    }
    expect((await s.admin.get('/api/v1/admin/requests?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    // An over-long request id gets the route's own 400, with or without the console served beside the API.
    const long = await u.client.get(`/api/v1/requests/${'x'.repeat(201)}`);
    expect([long.status, long.body.message]).toEqual([400, ['requestId must be shorter than or equal to 200 characters']]);
  });

  it('finds a user by email and a key by prefix or name, as a person names them, within the reader\'s scope', async () => {
    const [u, v] = [await newUser(t.url), await newUser(t.url)];
    const ci = (await u.client.post('/api/v1/keys', { name: 'CI Runner' })).body;
    const laptop = (await u.client.post('/api/v1/keys', { name: 'laptop' })).body;
    const theirs = (await v.client.post('/api/v1/keys', { name: 'ci runner' })).body;
    const r = {
      ci: await logRow(t.databaseUrl, { user_id: u.id, key_id: ci.id, created_at: '2026-02-01T10:00:00Z' }),
      laptop: await logRow(t.databaseUrl, { user_id: u.id, key_id: laptop.id, created_at: '2026-02-02T10:00:00Z' }),
      theirs: await logRow(t.databaseUrl, { user_id: v.id, key_id: theirs.id, created_at: '2026-02-03T10:00:00Z' }),
    };
    const ids = async (client: typeof u.client, path: string) => {
      const res = await client.get(path);
      expect([path, res.status]).toEqual([path, 200]);
      return res.body.items.map((row: any) => row.requestId);
    };
    const q = encodeURIComponent;
    // A name is matched in any case; in one's own log another user's key of the same name adds nothing.
    expect(await ids(u.client, `/api/v1/requests?key=${q('ci runner')}`)).toEqual([r.ci]);
    expect(await ids(u.client, `/api/v1/requests?key=${q(ci.prefix)}`)).toEqual([r.ci]);
    // The prefix as the console shows it (with an ellipsis), or a whole pasted key, is cut to the prefix.
    expect(await ids(u.client, `/api/v1/requests?key=${q(`${laptop.prefix}…`)}`)).toEqual([r.laptop]);
    expect(await ids(u.client, `/api/v1/requests?key=${q(laptop.key)}`)).toEqual([r.laptop]);
    expect(await ids(u.client, `/api/v1/requests?key=${laptop.id}`)).toEqual([r.laptop]);
    expect(await ids(u.client, '/api/v1/requests?key=nothing-called-this')).toEqual([]);
    expect(await ids(u.client, `/api/v1/requests?key=laptop&keyId=${ci.id}`)).toEqual([]);

    // Admins: a name shared by two users' keys finds both; an email finds the user, in any case.
    const admin = (query: string) => ids(s.admin, `/api/v1/admin/requests?from=2026-02-01&to=2026-02-03&${query}`);
    expect(await admin(`key=${q('CI runner')}`)).toEqual([r.theirs, r.ci]);
    expect(await admin(`user=${q(u.email.toUpperCase())}`)).toEqual([r.laptop, r.ci]);
    expect(await admin(`user=${q(u.email)}&key=${q('ci runner')}`)).toEqual([r.ci]);
    expect(await admin(`user=${v.id}`)).toEqual([r.theirs]);
    expect(await admin('user=nobody%40example.com')).toEqual([]);
    expect(await admin(`user=${q(u.email)}&userId=${v.id}`)).toEqual([]);
    // Only routes that filter by user take `user`.
    expect((await u.client.get(`/api/v1/requests?user=${q(u.email)}`)).status).toBe(400);
    expect((await u.client.get(`/api/v1/requests?key=${'x'.repeat(201)}`)).status).toBe(400);
  });

  it('walks every page once, newest first, without duplicates or gaps while new requests arrive', async () => {
    const u = await newUser(t.url);
    // 95 rows over a day, 12 of them in one microsecond (ties broken by request id).
    for (let i = 0; i < 95; i++) {
      const at = i < 12 ? '2026-03-01T12:00:00.123456Z' : new Date(Date.parse('2026-03-01T00:00:00Z') + i * 60_000 + (i % 7)).toISOString();
      await logRow(t.databaseUrl, { user_id: u.id, status: i % 10 === 0 ? 500 : 200, created_at: at });
    }
    let arrived = 0;
    for (const [reader, path] of [[u.client, '/api/v1/requests?limit=10'], [s.admin, `/api/v1/admin/requests?userId=${u.id}&limit=7`]] as const) {
      // In PostgreSQL's order (its collation decides between request ids).
      const expected = (await sql(t.databaseUrl, 'SELECT request_id FROM usage_logs WHERE user_id = $1 ORDER BY created_at DESC, request_id DESC', [u.id])).map((x) => x.request_id);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: any = (await reader.get(`${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
        seen.push(...page.items.map((row: any) => row.requestId));
        cursor = page.nextCursor;
        // New requests keep arriving (newer than the walk's start): they must not shift the pages.
        await logRow(t.databaseUrl, { user_id: u.id, created_at: new Date(Date.parse('2026-03-05T00:00:00Z') + ++arrived).toISOString() });
        pages++;
      } while (cursor && pages < 50);
      expect(seen).toEqual(expected);
    }
    const errors = async (limit: number) => {
      const out: string[] = [];
      let cursor = '';
      do {
        const page = (await u.client.get(`/api/v1/requests?status=error&limit=${limit}${cursor}`)).body;
        out.push(...page.items.map((row: any) => row.requestId));
        cursor = page.nextCursor ? `&cursor=${page.nextCursor}` : '';
      } while (cursor);
      return out;
    };
    expect(await errors(3)).toEqual(await errors(500));
    expect(await errors(3)).toHaveLength(10);
  });
});
