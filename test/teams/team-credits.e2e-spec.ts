/**
 * A team's billing account on real PostgreSQL and Redis: admins grant to it, its owners read
 * it, nobody else does, and deleting a team that holds money needs `?force=true` — after which
 * its ledger entries are still there.
 */
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { api, login, newUser, type Res } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

type Client = ReturnType<typeof api>;

describe('team accounts (real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let admin: Client;
  let db: PgClient;
  const refused = (res: Res, status: number, message?: RegExp) => {
    expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { statusCode: status, requestId: expect.any(String) } });
    if (message) expect(JSON.stringify(res.body.message)).toMatch(message);
  };

  async function team() {
    const [owner, member, outsider] = [await newUser(t.url), await newUser(t.url), await newUser(t.url)];
    const created = await admin.post('/api/v1/teams', { name: 'Billing', slug: `billing-${randomUUID().slice(0, 8)}` });
    const id = created.body.id as string;
    await admin.post(`/api/v1/teams/${id}/members`, { userId: owner.id, role: 'owner' });
    await admin.post(`/api/v1/teams/${id}/members`, { userId: member.id, role: 'member' });
    return { id, owner, member, outsider };
  }

  beforeAll(async () => {
    t = await startTestApp({ redis: true });
    admin = api(t.url, (await login(t.url, t.adminEmail, t.adminPassword)).accessToken);
    db = new PgClient({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('takes grants and adjustments into the team account, apart from every user account', async () => {
    const { id, owner } = await team();
    expect((await admin.post('/api/v1/admin/credits/grant', { teamId: id, amountUsd: 25, note: 'Q1 budget' })).status).toBe(201);
    expect((await admin.post('/api/v1/admin/credits/grant', { teamId: id, amountUsd: -5 })).body).toMatchObject({ type: 'adjustment', amountUsd: -5 });

    const credits = await owner.client.get(`/api/v1/teams/${id}/credits`);
    expect(credits.status).toBe(200);
    expect(credits.body).toMatchObject({ balanceUsd: 20, total: 2 });
    expect(credits.body.history.map((e: any) => e.amountUsd)).toEqual([-5, 25]);
    expect(credits.body.history[1]).toMatchObject({ type: 'grant', note: 'Q1 budget' });
    // The ledger sums to the balance; the owner's own account saw nothing.
    const [{ sum }] = (await db.query('SELECT COALESCE(sum(amount_micros), 0)::bigint AS sum FROM ledger_entries WHERE team_id = $1', [id])).rows;
    const [{ balance }] = (await db.query('SELECT balance_micros::bigint AS balance FROM teams WHERE id = $1', [id])).rows;
    expect(Number(sum)).toBe(20_000_000);
    expect(Number(balance)).toBe(20_000_000);
    expect((await owner.client.get('/api/v1/users/me/credits')).body).toMatchObject({ balanceUsd: 0, total: 0 });
  });

  it('lets owners and admins read the account; members 403, outsiders 404, anonymous 401', async () => {
    const { id, member, outsider } = await team();
    expect((await admin.get(`/api/v1/teams/${id}/credits`)).status).toBe(200);
    refused(await member.client.get(`/api/v1/teams/${id}/credits`), 403);
    refused(await outsider.client.get(`/api/v1/teams/${id}/credits`), 404);
    expect((await fetch(`${t.url}/api/v1/teams/${id}/credits`)).status).toBe(401);
    refused(await outsider.client.get(`/api/v1/teams/${randomUUID()}/credits`), 404);
  });

  it('refuses a grant naming both accounts, none, or an unknown team; only admins grant', async () => {
    const { id, owner } = await team();
    refused(await admin.post('/api/v1/admin/credits/grant', { teamId: id, userId: owner.id, amountUsd: 1 }), 400, /exactly one/);
    refused(await admin.post('/api/v1/admin/credits/grant', { amountUsd: 1 }), 400, /exactly one/);
    refused(await admin.post('/api/v1/admin/credits/grant', { teamId: 'not-a-uuid', amountUsd: 1 }), 400);
    refused(await admin.post('/api/v1/admin/credits/grant', { teamId: randomUUID(), amountUsd: 1 }), 404, /Team not found/);
    refused(await owner.client.post('/api/v1/admin/credits/grant', { teamId: id, amountUsd: 1 }), 403);
  });

  it('deletes a team holding a balance only when forced, and keeps its ledger', async () => {
    const { id } = await team();
    await admin.post('/api/v1/admin/credits/grant', { teamId: id, amountUsd: 3 });
    refused(await admin.delete(`/api/v1/teams/${id}`), 409, /balance of \$3/);
    expect((await admin.delete(`/api/v1/teams/${id}?force=true`)).status).toBe(204);
    expect((await admin.get(`/api/v1/teams/${id}`)).status).toBe(404);
    const entries = await db.query('SELECT amount_micros::bigint AS micros FROM ledger_entries WHERE team_id = $1', [id]);
    expect(entries.rows.map((r) => Number(r.micros))).toEqual([3_000_000]);
  });
});
