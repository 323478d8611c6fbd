/**
 * Team keys: made by a team's owners, charged to the team's account through the same atomic
 * admission as personal keys (hold, settle once, at most one request of overspend under
 * concurrency — in one process, on Redis, and across two replicas), usage rows naming the team.
 */
import { randomUUID } from 'node:crypto';
import { chat, ledgerMismatches, mockSetup, sql, type MockSetup } from '../support/gateway-setup';
import { newUser } from '../support/http';
import { startReplicaOf, startTestApp, type TestApp } from '../support/test-app';

const hello = [{ role: 'user', content: 'Tell me something about gateways please' }];

async function teamWithOwner(s: MockSetup, url: string) {
  const [owner, member] = [await newUser(url), await newUser(url)];
  const team = await s.admin.post('/api/v1/teams', { name: 'Spenders', slug: `spenders-${randomUUID().slice(0, 8)}` });
  const id = team.body.id as string;
  await s.admin.post(`/api/v1/teams/${id}/members`, { userId: owner.id, role: 'owner' });
  await s.admin.post(`/api/v1/teams/${id}/members`, { userId: member.id, role: 'member' });
  return { id, owner, member };
}

const teamBalance = async (databaseUrl: string, id: string) => Number((await sql(databaseUrl, 'SELECT balance_micros FROM teams WHERE id = $1', [id]))[0].balance_micros);
const teamRows = (databaseUrl: string, teamId: string) => sql(databaseUrl, 'SELECT * FROM usage_logs WHERE team_id = $1 ORDER BY created_at', [teamId]);
async function waitRows(databaseUrl: string, teamId: string, count: number) {
  for (let i = 0; i < 100; i++) {
    const rows = await teamRows(databaseUrl, teamId);
    if (rows.length >= count) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${count} usage rows for team ${teamId}`);
}

/**
 * A team balance covering about 3 requests, a team key, and 50 requests at once spread over
 * `apps`: 1–4 pass, the rest are 402, and the balance ends at most one request below zero.
 */
async function overspendOnce(apps: TestApp[]) {
  const [first] = apps;
  const s = await mockSetup(first, { inputPrice: 1, outputPrice: 2, creditsUsd: 1 });
  const one = await (await chat(first.url, s.key, { model: s.model, messages: hello, max_tokens: 40 })).json();
  const cost = Math.floor((one.usage.prompt_tokens * 1_000_000 + one.usage.completion_tokens * 2_000_000 + 500_000) / 1_000_000);
  const { id, owner } = await teamWithOwner(s, first.url);
  await s.admin.post('/api/v1/admin/credits/grant', { teamId: id, amountUsd: (cost * 3) / 1e6 });
  const key = (await owner.client.post('/api/v1/keys', { name: 'team key', teamId: id })).body.key;

  const ask = (i: number) => chat(apps[i % apps.length].url, key, { model: s.model, messages: hello, max_tokens: 40 }).then(async (r) => (await r.text(), r.status));
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => ask(i)));
  const ok = results.filter((x) => x === 200).length;
  expect(ok).toBeGreaterThanOrEqual(1);
  expect(ok).toBeLessThanOrEqual(4);
  expect(results.filter((x) => x !== 200).every((x) => x === 402)).toBe(true);
  await waitRows(first.databaseUrl, id, 50);
  expect(await teamBalance(first.databaseUrl, id)).toBeGreaterThanOrEqual(-cost);
  expect(await ledgerMismatches(first.databaseUrl)).toEqual([]);
}

describe.each([
  ['in-process state', false],
  ['Redis', true],
])('team keys with %s', (_name, redis) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ redis });
  });
  afterAll(() => t.close());

  it('can be made for a member, who uses and reads it (not changes it), sees their usage in the team, and loses it on leaving', async () => {
    const s = await mockSetup(t, { creditsUsd: 1 });
    const { id, owner, member } = await teamWithOwner(s, t.url);
    await s.admin.post('/api/v1/admin/credits/grant', { teamId: id, amountUsd: 1 });
    const made = await owner.client.post('/api/v1/keys', { name: "member's key", teamId: id, userId: member.id });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ teamId: id, userId: member.id });
    await owner.client.post('/api/v1/keys', { name: "owner's key", teamId: id });
    expect((await member.client.get(`/api/v1/keys?teamId=${id}`)).body.map((k: any) => k.id)).toEqual([made.body.id]);
    expect((await owner.client.get(`/api/v1/keys?teamId=${id}`)).body).toHaveLength(2);
    expect((await member.client.get(`/api/v1/keys/${made.body.id}`)).status).toBe(200);
    expect((await member.client.patch(`/api/v1/keys/${made.body.id}`, { rpm: 1000 })).status).toBe(404);
    expect((await member.client.delete(`/api/v1/keys/${made.body.id}`)).status).toBe(404);
    expect((await chat(t.url, made.body.key, { model: s.model, messages: hello })).status).toBe(200);
    await waitRows(t.databaseUrl, id, 1);
    const mine = (await member.client.get(`/api/v1/users/me/usage?teamId=${id}`)).body;
    expect(mine.total).toBe(1);
    expect(mine.items[0]).toMatchObject({ teamId: id, keyId: made.body.id });
    // Removed from the team: the key stops working (the team paid for it) and is no longer theirs to read.
    const removed = await s.admin.delete(`/api/v1/teams/${id}/members/${member.id}`);
    expect(removed.status).toBe(204);
    expect((await chat(t.url, made.body.key, { model: s.model, messages: hello })).status).toBe(401);
    expect((await member.client.get(`/api/v1/keys/${made.body.id}`)).status).toBe(404);
    expect((await owner.client.get(`/api/v1/keys?teamId=${id}`)).body.filter((k: any) => !k.revokedAt)).toHaveLength(1);
  });

  it('are made by owners and admins only, and charge the team, not the person', async () => {
    const s = await mockSetup(t, { creditsUsd: 1 });
    const { id, owner, member } = await teamWithOwner(s, t.url);
    await s.admin.post('/api/v1/admin/credits/grant', { teamId: id, amountUsd: 2 });
    expect((await member.client.post('/api/v1/keys', { name: 'k', teamId: id })).status).toBe(403);
    expect((await s.user.client.post('/api/v1/keys', { name: 'k', teamId: id })).status).toBe(404);
    expect((await s.admin.post('/api/v1/keys', { name: 'k', teamId: id, userId: s.user.id })).status).toBe(400); // not a member
    const created = await owner.client.post('/api/v1/keys', { name: 'team key', teamId: id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ teamId: id, userId: owner.id });
    expect((await s.admin.get(`/api/v1/keys?teamId=${id}`)).body.map((k: any) => k.id)).toEqual([created.body.id]);
    expect((await member.client.get(`/api/v1/keys?teamId=${id}`)).body).toEqual([]);

    const res = await chat(t.url, created.body.key, { model: s.model, messages: hello });
    expect(res.status).toBe(200);
    const body = await res.json();
    const cost = Math.floor((body.usage.prompt_tokens * 1_000_000 + body.usage.completion_tokens * 2_000_000 + 500_000) / 1_000_000);
    const [row] = await waitRows(t.databaseUrl, id, 1);
    expect(row).toMatchObject({ request_id: res.headers.get('x-request-id'), user_id: owner.id, team_id: id, key_id: created.body.id, cost_micros: String(cost) });
    expect(await teamBalance(t.databaseUrl, id)).toBe(2_000_000 - cost);
    expect((await owner.client.get('/api/v1/users/me/credits')).body).toMatchObject({ balanceUsd: 0, total: 0 });
    const credits = await owner.client.get(`/api/v1/teams/${id}/credits`);
    expect(credits.body.history.map((e: any) => [e.type, e.requestId])).toEqual([['charge', row.request_id], ['grant', null]]);
    expect(await ledgerMismatches(t.databaseUrl)).toEqual([]);

    // Team keys are listed by team, not among the creator's own; any owner manages them, a
    // creator who is no longer an owner does not; a deleted team's keys stop at once.
    expect((await owner.client.get('/api/v1/keys')).body).toEqual([]);
    expect((await owner.client.patch(`/api/v1/keys/${created.body.id}`, { name: 'renamed' })).status).toBe(200);
    expect((await member.client.patch(`/api/v1/keys/${created.body.id}`, { name: 'x' })).status).toBe(404);
    expect((await s.admin.patch(`/api/v1/teams/${id}/members/${member.id}`, { role: 'owner' })).status).toBe(200);
    expect((await s.admin.patch(`/api/v1/teams/${id}/members/${owner.id}`, { role: 'member' })).status).toBe(200);
    expect((await owner.client.patch(`/api/v1/keys/${created.body.id}`, { name: 'mine?' })).status).toBe(404);
    expect((await member.client.get(`/api/v1/keys/${created.body.id}`)).body).toMatchObject({ name: 'renamed', teamId: id });
    expect((await s.admin.delete(`/api/v1/teams/${id}`)).status).toBe(409);
    expect((await s.admin.delete(`/api/v1/teams/${id}?force=true`)).status).toBe(204);
    expect((await chat(t.url, created.body.key, { model: s.model, messages: hello })).status).toBe(401);
  });

  it('never lets 50 parallel requests push a team balance below zero by more than one request', () => overspendOnce([t]));
});

describe('team keys over two replicas (Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ redis: true });
    b = await startReplicaOf(a);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('limits a team key to the team\'s models, and a change reaches every replica at once', async () => {
    const s = await mockSetup(a, { creditsUsd: 1 });
    const other = await mockSetup(a, {});
    const { id, owner } = await teamWithOwner(s, a.url);
    await s.admin.post('/api/v1/admin/credits/grant', { teamId: id, amountUsd: 1 });
    expect((await owner.client.patch(`/api/v1/teams/${id}`, { allowedModels: [s.model] })).status).toBe(200);
    const key = (await owner.client.post('/api/v1/keys', { name: 'team key', teamId: id })).body.key;
    const status = async (app: TestApp, model: string) => {
      const res = await chat(app.url, key, { model, messages: hello });
      await res.text();
      return res.status;
    };
    for (const app of [a, b]) {
      expect(await status(app, s.model)).toBe(200);
      expect(await status(app, other.model)).toBe(403);
    }
    const listed = await fetch(`${b.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    expect((await listed.json()).data.map((m: { id: string }) => m.id)).toEqual([s.model]);

    // The owner swaps the team's models: both replicas follow without waiting for a cache to expire.
    expect((await owner.client.patch(`/api/v1/teams/${id}`, { allowedModels: [other.model] })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    for (const app of [a, b]) {
      expect(await status(app, s.model)).toBe(403);
      expect(await status(app, other.model)).toBe(200);
    }
  });

  it('keeps one team balance: 50 requests spread over both overspend by at most one request', () => overspendOnce([a, b]));
});
