/**
 * The webhook routes on real PostgreSQL and Redis: the secret shown once, who may see and manage
 * personal and team webhooks (admin, team owner, member, outsider, anonymous), and bad input
 * (400 in the management error shape, never a 500).
 */
import { randomUUID } from 'node:crypto';
import { api, type Res } from '../support/http';
import { sql } from '../support/gateway-setup';
import { startWebhooksEnv, type Client, type User, type WebhooksEnv } from './webhooks-fixture';

const URL = 'http://127.0.0.1:9/hook';

describe('webhook routes (real PostgreSQL and Redis)', () => {
  let env: WebhooksEnv;
  let admin: Client;
  /** A 4xx in the management shape: `{statusCode, error, message, requestId}`. */
  const refused = (res: Res, status: number, message?: RegExp) => {
    expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { statusCode: status, error: expect.any(String), requestId: expect.any(String) } });
    if (message) expect(JSON.stringify(res.body.message)).toMatch(message);
  };
  const ids = (res: Res) => res.body.items.map((w: { id: string }) => w.id);
  /** Status of every route on one webhook, for one caller (DELETE last, it may succeed). */
  async function statuses(client: Client, id: string) {
    return {
      deliveries: (await client.get(`/api/v1/webhooks/${id}/deliveries`)).status,
      test: (await client.post(`/api/v1/webhooks/${id}/test`)).status,
      remove: (await client.delete(`/api/v1/webhooks/${id}`)).status,
    };
  }

  beforeAll(async () => {
    env = await startWebhooksEnv(true);
    admin = env.admin;
  }, 60_000);
  afterAll(() => env?.close());

  it('creates a personal webhook: the secret is shown once, sealed at rest, and in no list', async () => {
    const user = await env.user();
    const created = await user.client.post('/api/v1/webhooks', { url: URL, events: ['budget.threshold', 'balance.low'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      url: URL,
      events: ['budget.threshold', 'balance.low'],
      userId: user.id,
      teamId: null,
      createdAt: expect.any(String),
      disabledAt: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });
    const { secret, ...view } = created.body;
    const listed = await user.client.get('/api/v1/webhooks');
    expect(listed.body).toEqual({ items: [view], total: 1, page: 1, pageSize: 20 });
    expect(JSON.stringify([listed.body, (await admin.get('/api/v1/webhooks')).body])).not.toContain(secret);
    const [row] = await sql(env.t.databaseUrl, 'SELECT secret_enc FROM webhooks WHERE id = $1', [view.id]);
    expect(row.secret_enc).toMatch(/^v1\./);
    expect(row.secret_enc).not.toContain(secret.slice(6));
  });

  it('personal webhooks: the owner and admins manage them; anyone else gets 404; anonymous 401', async () => {
    const [owner, outsider] = [await env.user(), await env.user()];
    const make = async () => (await owner.client.post('/api/v1/webhooks', { url: URL, events: ['balance.low'] })).body.id as string;
    const [mine, forAdmin, forOutsider] = [await make(), await make(), await make()];

    expect(await statuses(outsider.client, forOutsider)).toEqual({ deliveries: 404, test: 404, remove: 404 });
    expect(ids(await outsider.client.get('/api/v1/webhooks'))).toEqual([]);
    expect(await statuses(api(env.t.url), forOutsider)).toEqual({ deliveries: 401, test: 401, remove: 401 });
    for (const res of [await api(env.t.url).get('/api/v1/webhooks'), await api(env.t.url).post('/api/v1/webhooks', { url: URL, events: ['balance.low'] })]) {
      expect(res.status).toBe(401);
    }

    expect(ids(await admin.get('/api/v1/webhooks?pageSize=200'))).toEqual(expect.arrayContaining([mine, forAdmin, forOutsider]));
    expect(await statuses(admin, forAdmin)).toEqual({ deliveries: 200, test: 202, remove: 204 });
    expect(await statuses(owner.client, mine)).toEqual({ deliveries: 200, test: 202, remove: 204 });
    expect(ids(await owner.client.get('/api/v1/webhooks'))).toEqual([forOutsider]);
    expect((await owner.client.get(`/api/v1/webhooks/${mine}/deliveries`)).status).toBe(404);
  });

  it("team webhooks: the team's owners and admins manage them; a member gets 403, an outsider 404", async () => {
    const team = await env.team();
    const outsider = await env.user();
    const body = { url: URL, events: ['budget.threshold'], teamId: team.id };
    refused(await team.member.client.post('/api/v1/webhooks', body), 403);
    refused(await outsider.client.post('/api/v1/webhooks', body), 404);
    refused(await team.owner.client.post('/api/v1/webhooks', { ...body, teamId: randomUUID() }), 404);
    const byOwner = await team.owner.client.post('/api/v1/webhooks', body);
    expect(byOwner.status).toBe(201);
    expect(byOwner.body).toMatchObject({ teamId: team.id, userId: null, secret: expect.any(String) });
    const byAdmin = (await admin.post('/api/v1/webhooks', body)).body.id;
    const personal = (await team.owner.client.post('/api/v1/webhooks', { url: URL, events: ['balance.low'] })).body.id;

    expect(ids(await team.owner.client.get('/api/v1/webhooks')).sort()).toEqual([byOwner.body.id, byAdmin, personal].sort());
    expect(ids(await team.owner.client.get(`/api/v1/webhooks?teamId=${team.id}`)).sort()).toEqual([byOwner.body.id, byAdmin].sort());
    expect(ids(await admin.get(`/api/v1/webhooks?teamId=${team.id}`)).sort()).toEqual([byOwner.body.id, byAdmin].sort());
    expect(ids(await team.member.client.get('/api/v1/webhooks'))).toEqual([]);
    refused(await team.member.client.get(`/api/v1/webhooks?teamId=${team.id}`), 403);
    refused(await outsider.client.get(`/api/v1/webhooks?teamId=${team.id}`), 404);

    expect(await statuses(team.member.client, byAdmin)).toEqual({ deliveries: 403, test: 403, remove: 403 });
    expect(await statuses(outsider.client, byAdmin)).toEqual({ deliveries: 404, test: 404, remove: 404 });
    expect(await statuses(team.owner.client, byAdmin)).toEqual({ deliveries: 200, test: 202, remove: 204 });
    expect(await statuses(admin, byOwner.body.id)).toEqual({ deliveries: 200, test: 202, remove: 204 });

    // A former owner loses the team's webhooks with the role.
    const kept = (await team.owner.client.post('/api/v1/webhooks', body)).body.id;
    const other = await env.user();
    await admin.post(`/api/v1/teams/${team.id}/members`, { userId: other.id, role: 'owner' });
    expect((await admin.patch(`/api/v1/teams/${team.id}/members/${team.owner.id}`, { role: 'member' })).status).toBe(200);
    expect((await team.owner.client.delete(`/api/v1/webhooks/${kept}`)).status).toBe(403);
    expect(ids(await other.client.get('/api/v1/webhooks'))).toEqual([kept]);
  });

  it('pages deliveries newest first', async () => {
    const user: User = await env.user();
    const id = (await user.client.post('/api/v1/webhooks', { url: URL, events: ['balance.low'] })).body.id;
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) sent.push((await user.client.post(`/api/v1/webhooks/${id}/test`)).body.deliveryId);
    const first = await user.client.get(`/api/v1/webhooks/${id}/deliveries?pageSize=2`);
    expect(first.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(first.body.items.map((d: { id: string }) => d.id)).toEqual([sent[2], sent[1]]);
    expect((await user.client.get(`/api/v1/webhooks/${id}/deliveries?page=2&pageSize=2`)).body.items.map((d: { id: string }) => d.id)).toEqual([sent[0]]);
  });

  it('refuses bad input with 400, never a 500', async () => {
    const user = await env.user();
    const post = (body: unknown) => user.client.post('/api/v1/webhooks', body);
    const good = { url: URL, events: ['balance.low'] };
    for (const url of ['ftp://example.com/x', 'not a url', '', 'javascript:alert(1)', `https://example.com/${'x'.repeat(2100)}`, 5, null]) refused(await post({ ...good, url }), 400, /url/);
    refused(await post({ ...good, url: 'http://user:pass@127.0.0.1:9/hook' }), 400, /user name or password/);
    for (const url of ['http://169.254.169.254/latest', 'http://metadata.google.internal/', 'http://[fe80::1]/']) refused(await post({ ...good, url }), 400, /link-local or cloud-metadata/);
    for (const events of [[], ['nope'], ['balance.low', 'balance.low'], 'balance.low', null, ['webhook.test']]) refused(await post({ ...good, events }), 400, /events/);
    refused(await post({ url: URL }), 400, /events/);
    refused(await post({ ...good, teamId: 'not-a-uuid' }), 400, /teamId/);
    refused(await post({ ...good, secret: 'mine' }), 400, /secret/);
    refused(await user.client.post('/api/v1/webhooks', '[[[['), 400);
    for (const q of ['page=0', 'page=1.5', 'pageSize=500', 'page=abc', 'teamId=nope']) refused(await user.client.get(`/api/v1/webhooks?${q}`), 400);
    const id = (await post(good)).body.id;
    for (const q of ['page=-1', 'pageSize=0', 'page=1e20']) refused(await user.client.get(`/api/v1/webhooks/${id}/deliveries?${q}`), 400);
    for (const path of ['/api/v1/webhooks/nope/deliveries', '/api/v1/webhooks/nope/test']) refused(path.endsWith('test') ? await user.client.post(path) : await user.client.get(path), 400);
    refused(await user.client.delete('/api/v1/webhooks/nope'), 400);
  });
});
