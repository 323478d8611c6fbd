/**
 * Teams and their members on real PostgreSQL: the lifecycle, who may do what (admin, owner,
 * member, outsider, anonymous), last-owner protection, and bad input (400, never a 500).
 */
import { randomUUID } from 'node:crypto';
import { api, login, newUser, type Res } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

type Client = ReturnType<typeof api>;

describe('teams (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Client;
  let adminId: string;
  let slugs = 0;
  const slug = () => `team-${++slugs}-${randomUUID().slice(0, 8)}`;
  /** A 4xx in the management shape: `{statusCode, error, message, requestId}`. */
  const refused = (res: Res, status: number, message?: RegExp) => {
    expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { statusCode: status, error: expect.any(String), requestId: expect.any(String) } });
    if (message) expect(JSON.stringify(res.body.message)).toMatch(message);
  };

  /** A team with an owner and a member, made by the admin. */
  async function team(extra: Record<string, unknown> = {}) {
    const [owner, member] = [await newUser(t.url), await newUser(t.url)];
    const created = await admin.post('/api/v1/teams', { name: 'Team', slug: slug(), ...extra });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await admin.post(`/api/v1/teams/${id}/members`, { userId: owner.id, role: 'owner' })).status).toBe(201);
    expect((await owner.client.post(`/api/v1/teams/${id}/members`, { email: member.email })).status).toBe(201);
    return { id, owner, member, body: created.body };
  }

  beforeAll(async () => {
    t = await startTestApp();
    const session = await login(t.url, t.adminEmail, t.adminPassword);
    admin = api(t.url, session.accessToken);
    adminId = session.user.id;
  });
  afterAll(() => t.close());

  it('lives: created by an admin, filled by its owner, read by its members, changed, and deleted', async () => {
    const s = slug();
    const created = await admin.post('/api/v1/teams', { name: 'Research', slug: s, allowedModels: ['demo'], rpm: 100, metadata: { costCenter: 'R-1' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Research', slug: s, allowedModels: ['demo'], rpm: 100, tpm: null, metadata: { costCenter: 'R-1' }, role: null });
    refused(await admin.post('/api/v1/teams', { name: 'Again', slug: s }), 409, /slug/);
    const id = created.body.id;

    const owner = await newUser(t.url);
    const member = await newUser(t.url);
    const added = await admin.post(`/api/v1/teams/${id}/members`, { userId: owner.id, role: 'owner' });
    expect(added.body).toMatchObject({ userId: owner.id, email: owner.email, role: 'owner' });
    expect((await owner.client.post(`/api/v1/teams/${id}/members`, { email: member.email.toUpperCase() })).body).toMatchObject({ userId: member.id, role: 'member' });
    refused(await owner.client.post(`/api/v1/teams/${id}/members`, { userId: member.id, role: 'member' }), 409, /already a member/);
    refused(await owner.client.post(`/api/v1/teams/${id}/members`, { userId: randomUUID() }), 404);
    refused(await owner.client.post(`/api/v1/teams/${id}/members`, { email: 'nobody@example.com' }), 404);

    const seen = await member.client.get(`/api/v1/teams/${id}`);
    expect(seen.body).toMatchObject({ id, allowedModels: ['demo'], role: 'member' });
    const members = await member.client.get(`/api/v1/teams/${id}/members`);
    expect(members.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(members.body.items.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([[owner.id, 'owner'], [member.id, 'member']]);

    const patched = await owner.client.patch(`/api/v1/teams/${id}`, { name: 'Research & Dev', allowedModels: [], metadata: { costCenter: 'R-2' }, rpm: 100 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Research & Dev', allowedModels: [], metadata: { costCenter: 'R-2' }, rpm: 100, role: 'owner' });
    refused(await owner.client.patch(`/api/v1/teams/${id}`, { rpm: 5 }), 403, /Only admins may change a team's rpm/);
    refused(await owner.client.patch(`/api/v1/teams/${id}`, { slug: 'renamed' }), 403, /slug/);
    expect((await admin.patch(`/api/v1/teams/${id}`, { rpm: null, tpm: 5000, slug: `${s}-x` })).body).toMatchObject({ rpm: null, tpm: 5000, slug: `${s}-x` });

    expect((await admin.patch(`/api/v1/teams/${id}/members/${member.id}`, { role: 'owner' })).body).toMatchObject({ userId: member.id, role: 'owner' });
    expect((await admin.delete(`/api/v1/teams/${id}?force=true`)).status).toBe(204);
    refused(await admin.get(`/api/v1/teams/${id}`), 404);
    refused(await owner.client.get(`/api/v1/teams/${id}/members`), 404);
    expect((await owner.client.get('/api/v1/teams')).body).toMatchObject({ items: [], total: 0 });
    refused(await admin.delete(`/api/v1/teams/${id}`), 404);
  });

  it('lists every team for admins and only their own teams, with their role, for everyone else', async () => {
    const a = await team();
    const b = await team();
    // A user in several teams, with a different role in each.
    expect((await admin.post(`/api/v1/teams/${b.id}/members`, { userId: a.member.id, role: 'owner' })).status).toBe(201);
    const mine = (await a.member.client.get('/api/v1/teams')).body;
    expect(mine.total).toBe(2);
    expect(Object.fromEntries(mine.items.map((x: { id: string; role: string }) => [x.id, x.role]))).toEqual({ [a.id]: 'member', [b.id]: 'owner' });
    expect((await a.owner.client.get('/api/v1/teams')).body.items.map((x: { id: string }) => x.id)).toEqual([a.id]);

    const all = (await admin.get('/api/v1/teams?pageSize=200')).body;
    expect(all.items.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(all.total).toBeGreaterThanOrEqual(2);
    expect((await admin.get('/api/v1/teams?page=1&pageSize=1')).body.items).toHaveLength(1);
    expect((await (await newUser(t.url)).client.get('/api/v1/teams')).body).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    // An admin who joins a team sees their role in the listing.
    await admin.post(`/api/v1/teams/${a.id}/members`, { userId: adminId });
    expect((await admin.get(`/api/v1/teams/${a.id}`)).body.role).toBe('member');
  });

  it('answers every team route as the rules say for admin, owner, member, outsider and anonymous', async () => {
    const { id, owner, member } = await team();
    const outsider = await newUser(t.url);
    const other = await team();
    const clients: Record<string, Client> = { admin, owner: owner.client, member: member.client, outsider: outsider.client, anonymous: api(t.url) };
    const target = await newUser(t.url);
    await admin.post(`/api/v1/teams/${id}/members`, { userId: target.id });
    const routes: Array<[string, (c: Client) => Promise<Res>, Record<string, number>]> = [
      ['POST /teams', (c) => c.post('/api/v1/teams', { name: 'x', slug: slug() }), { admin: 201, owner: 403, member: 403, outsider: 403, anonymous: 401 }],
      ['GET /teams', (c) => c.get('/api/v1/teams'), { admin: 200, owner: 200, member: 200, outsider: 200, anonymous: 401 }],
      ['GET /teams/:id', (c) => c.get(`/api/v1/teams/${id}`), { admin: 200, owner: 200, member: 200, outsider: 404, anonymous: 401 }],
      ['PATCH /teams/:id', (c) => c.patch(`/api/v1/teams/${id}`, { name: 'n' }), { admin: 200, owner: 200, member: 403, outsider: 404, anonymous: 401 }],
      ['GET /teams/:id/members', (c) => c.get(`/api/v1/teams/${id}/members`), { admin: 200, owner: 200, member: 200, outsider: 404, anonymous: 401 }],
      ['PATCH /teams/:id/members/:userId', (c) => c.patch(`/api/v1/teams/${id}/members/${target.id}`, { role: 'member' }), { admin: 200, owner: 200, member: 403, outsider: 404, anonymous: 401 }],
      ['DELETE /teams/:id/members/:userId (someone else)', (c) => c.delete(`/api/v1/teams/${id}/members/${owner.id}`), { member: 403, outsider: 404, anonymous: 401 }],
      ['POST /teams/:id/members', (c) => c.post(`/api/v1/teams/${id}/members`, { userId: target.id }), { admin: 409, owner: 409, member: 403, outsider: 404, anonymous: 401 }],
      ['DELETE /teams/:id', (c) => c.delete(`/api/v1/teams/${other.id}`), { owner: 403, member: 403, outsider: 403, anonymous: 401 }],
      // No team sees another's members: the owner and member of one team are outsiders to the other.
      ['GET /teams/:other/members', (c) => c.get(`/api/v1/teams/${other.id}/members`), { owner: 404, member: 404 }],
      ['GET /teams/:other', (c) => c.get(`/api/v1/teams/${other.id}`), { owner: 404, member: 404 }],
      ['POST /teams/:other/members', (c) => c.post(`/api/v1/teams/${other.id}/members`, { userId: owner.id }), { owner: 404, member: 404 }],
    ];
    const mismatches: string[] = [];
    for (const [name, call, expected] of routes) {
      for (const [who, status] of Object.entries(expected)) {
        const res = await call(clients[who]);
        if (res.status !== status) mismatches.push(`${name} as ${who}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(mismatches).toEqual([]);

    // Removing members: owners remove anyone, a member may leave, admins remove anyone.
    expect((await owner.client.delete(`/api/v1/teams/${id}/members/${target.id}`)).status).toBe(204);
    expect((await member.client.delete(`/api/v1/teams/${id}/members/${member.id}`)).status).toBe(204);
    refused(await member.client.get(`/api/v1/teams/${id}`), 404);
    expect((await admin.delete(`/api/v1/teams/${other.id}/members/${other.member.id}`)).status).toBe(204);
    refused(await admin.delete(`/api/v1/teams/${other.id}/members/${other.member.id}`), 404, /not a member/);
    expect((await admin.delete(`/api/v1/teams/${other.id}`)).status).toBe(204);
  });

  it('keeps at least one owner unless an admin acts', async () => {
    const { id, owner, member } = await team();
    refused(await owner.client.delete(`/api/v1/teams/${id}/members/${owner.id}`), 409, /last owner/);
    refused(await owner.client.patch(`/api/v1/teams/${id}/members/${owner.id}`, { role: 'member' }), 409, /last owner/);
    // With a second owner, the first may step down, and then the second is the last one.
    expect((await owner.client.patch(`/api/v1/teams/${id}/members/${member.id}`, { role: 'owner' })).status).toBe(200);
    expect((await owner.client.patch(`/api/v1/teams/${id}/members/${owner.id}`, { role: 'member' })).body.role).toBe('member');
    refused(await owner.client.patch(`/api/v1/teams/${id}/members/${member.id}`, { role: 'member' }), 403);
    refused(await member.client.delete(`/api/v1/teams/${id}/members/${member.id}`), 409, /last owner/);
    // Two owners demoting each other at once: one of them stays owner.
    await member.client.patch(`/api/v1/teams/${id}/members/${owner.id}`, { role: 'owner' });
    const both = await Promise.all([
      owner.client.patch(`/api/v1/teams/${id}/members/${member.id}`, { role: 'member' }),
      member.client.patch(`/api/v1/teams/${id}/members/${owner.id}`, { role: 'member' }),
    ]);
    // The loser gets 409 (last owner), or 403 when it was already demoted by the time it was checked.
    const [won, lost] = both.map((r) => r.status).sort();
    expect(won).toBe(200);
    expect([403, 409]).toContain(lost);
    const owners = (await admin.get(`/api/v1/teams/${id}/members`)).body.items.filter((m: { role: string }) => m.role === 'owner');
    expect(owners).toHaveLength(1);
    // An admin may leave the team without an owner.
    expect((await admin.delete(`/api/v1/teams/${id}/members/${owners[0].userId}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/teams/${id}/members`)).body.items.filter((m: { role: string }) => m.role === 'owner')).toEqual([]);
  });

  it('refuses bad input with a 400 in the management shape, never a 500', async () => {
    const { id, owner } = await team();
    const creates: unknown[] = [
      {},
      { name: 'x' },
      { slug: 'ok-slug' },
      { name: 'x', slug: 'A-Upper' },
      { name: 'x', slug: 'a' },
      { name: 'x', slug: 'a'.repeat(49) },
      { name: 'x', slug: '-dash' },
      { name: 'x', slug: 'under_score' },
      { name: '', slug: slug() },
      { name: null, slug: slug() },
      { name: 'x', slug: slug(), allowedModels: 'demo' },
      { name: 'x', slug: slug(), allowedModels: [1] },
      { name: 'x', slug: slug(), allowedModels: null },
      { name: 'x', slug: slug(), rpm: 0 },
      { name: 'x', slug: slug(), tpm: 1.5 },
      { name: 'x', slug: slug(), metadata: [] },
      { name: 'x', slug: slug(), metadata: 'text' },
      { name: 'x', slug: slug(), metadata: null },
      { name: 'x', slug: slug(), metadata: { blob: 'x'.repeat(8200) } },
      { name: 'x', slug: slug(), role: 'admin' },
    ];
    for (const body of creates) refused(await admin.post('/api/v1/teams', body), 400);
    expect((await admin.post('/api/v1/teams', { name: 'x', slug: 'a'.repeat(48), metadata: { blob: 'x'.repeat(8000) } })).status).toBe(201);
    expect((await admin.post('/api/v1/teams', { name: 'x', slug: '42' })).status).toBe(201);

    for (const body of [{ name: null }, { slug: null }, { allowedModels: null }, { metadata: null }, { rpm: -1 }, { slug: 'Bad Slug' }, { owner: true }]) {
      refused(await admin.patch(`/api/v1/teams/${id}`, body), 400);
    }
    for (const body of [{}, { role: 'owner' }, { userId: 'not-a-uuid' }, { email: 'not-an-email' }, { userId: owner.id, role: 'admin' }, { userId: owner.id, email: owner.email }]) {
      refused(await owner.client.post(`/api/v1/teams/${id}/members`, body), 400);
    }
    for (const body of [{}, { role: 'admin' }, { role: null }]) refused(await owner.client.patch(`/api/v1/teams/${id}/members/${owner.id}`, body), 400);

    for (const path of ['/api/v1/teams/not-a-uuid', '/api/v1/teams/not-a-uuid/members', '/api/v1/teams?page=0', '/api/v1/teams?pageSize=1000', '/api/v1/teams?page=1e20']) {
      refused(await admin.get(path), 400);
    }
    refused(await admin.patch(`/api/v1/teams/${id}/members/not-a-uuid`, { role: 'member' }), 400);
    refused(await admin.delete(`/api/v1/teams/${id}?force=yes`), 400);
    refused(await admin.delete('/api/v1/teams/not-a-uuid'), 400);
    refused(await admin.post('/api/v1/teams', '{"name": ', { 'content-type': 'application/json' }), 400);
    expect((await admin.get(`/api/v1/teams/${id}`)).body).toMatchObject({ name: 'Team', rpm: null, metadata: {} });
  });
});
