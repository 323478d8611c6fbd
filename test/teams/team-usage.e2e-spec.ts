/**
 * Team reports: usage rows carry the team whose keys made them; its owners list, group and
 * export them; members and outsiders cannot; users filter and group their own usage by team;
 * admins group costs by team; the daily roll-up keeps the team.
 */
import { randomUUID } from 'node:crypto';
import { UsageAggregator } from '@gateway/usage';
import { chat, mockSetup, sql } from '../support/gateway-setup';
import { newUser } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

const hello = [{ role: 'user', content: 'Hello' }];

describe('team usage reports (real PostgreSQL and Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ redis: true });
  });
  afterAll(() => t.close());

  it('lists, groups and exports a team\'s usage for its owners, and by team for users and admins', async () => {
    const s = await mockSetup(t, { creditsUsd: 1 });
    const [owner, member, outsider] = [await newUser(t.url), await newUser(t.url), await newUser(t.url)];
    const id = (await s.admin.post('/api/v1/teams', { name: 'Reports', slug: `reports-${randomUUID().slice(0, 8)}` })).body.id as string;
    await s.admin.post(`/api/v1/teams/${id}/members`, { userId: owner.id, role: 'owner' });
    await s.admin.post(`/api/v1/teams/${id}/members`, { userId: member.id, role: 'member' });
    await s.admin.post('/api/v1/admin/credits/grant', { teamId: id, amountUsd: 1 });
    await s.admin.post('/api/v1/admin/credits/grant', { userId: owner.id, amountUsd: 1 });
    const ownerKey = (await owner.client.post('/api/v1/keys', { name: 'owner team key', teamId: id })).body;
    const adminKey = (await s.admin.post('/api/v1/keys', { name: 'admin team key', teamId: id })).body;
    const personal = (await owner.client.post('/api/v1/keys', { name: 'personal' })).body;
    for (const key of [ownerKey.key, ownerKey.key, adminKey.key, personal.key]) expect((await chat(t.url, key, { model: s.model, messages: hello })).status).toBe(200);
    const rows = async () => (await owner.client.get(`/api/v1/teams/${id}/usage`)).body;
    for (let i = 0; i < 50 && (await rows()).total < 3; i++) await new Promise((r) => setTimeout(r, 100));

    const team = await rows();
    expect(team.total).toBe(3);
    expect(team.items.every((r: any) => r.teamId === id)).toBe(true);
    const byKey = (await owner.client.get(`/api/v1/teams/${id}/usage?groupBy=key`)).body.items;
    expect(Object.fromEntries(byKey.map((g: any) => [g.group, g.requests]))).toEqual({ [ownerKey.id]: 2, [adminKey.id]: 1 });
    expect((await member.client.get(`/api/v1/teams/${id}/usage`)).status).toBe(403);
    expect((await outsider.client.get(`/api/v1/teams/${id}/usage`)).status).toBe(404);
    expect((await outsider.client.get(`/api/v1/teams/${id}/usage.csv`)).status).toBe(404);

    const csv = await owner.client.get(`/api/v1/teams/${id}/usage.csv`);
    const lines = String(csv.body).trim().split('\n');
    expect(lines).toHaveLength(4);
    const teamColumn = lines[0].split(',').indexOf('teamId');
    expect(lines.slice(1).every((l) => l.split(',')[teamColumn] === id)).toBe(true);

    // The owner's own view: by team (their personal key under ''), or one team's only.
    const mine = (await owner.client.get('/api/v1/users/me/usage?groupBy=team')).body.items;
    expect(Object.fromEntries(mine.map((g: any) => [g.group, g.requests]))).toEqual({ [id]: 2, '': 1 });
    expect((await owner.client.get(`/api/v1/users/me/usage?teamId=${id}`)).body.total).toBe(2);
    const personalOnly = (await owner.client.get('/api/v1/users/me/usage?teamId=none')).body;
    expect(personalOnly.items.map((r: any) => [r.keyId, r.teamId])).toEqual([[personal.id, null]]);
    expect((await owner.client.get('/api/v1/users/me/usage?teamId=nobody')).status).toBe(400);
    const costs = (await s.admin.get('/api/v1/admin/costs?groupBy=team')).body.items;
    expect(costs.find((g: any) => g.group === id)).toMatchObject({ requests: 3, label: 'Reports' });
    const board = (await s.admin.get('/api/v1/admin/usage/leaderboard?groupBy=team')).body.items;
    expect(board.find((r: any) => r.teamId === id)).toMatchObject({ name: 'Reports', requests: 3 });

    // The daily roll-up keeps the team.
    await t.app.get(UsageAggregator).aggregateDay(new Date().toISOString().slice(0, 10));
    const daily = await sql(t.databaseUrl, 'SELECT key_id, team_id, requests FROM usage_daily WHERE user_id = $1 ORDER BY requests DESC', [owner.id]);
    expect(daily).toEqual([
      { key_id: ownerKey.id, team_id: id, requests: 2 },
      { key_id: personal.id, team_id: '', requests: 1 },
    ]);
    // From the roll-up as well (a range of whole past days reads it).
    const fromDaily = (await s.admin.get(`/api/v1/admin/usage/leaderboard?groupBy=team&from=2000-01-01&to=${new Date().toISOString().slice(0, 10)}`)).body.items;
    expect(fromDaily.find((r: any) => r.teamId === id)).toMatchObject({ requests: 3 });
  });
});
