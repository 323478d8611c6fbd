/**
 * Usage's rough edges: a range whose `from` is after its `to` is refused everywhere it is taken;
 * the usage CSV names each request's key; background jobs name the provider they probe.
 */
import { randomUUID } from 'node:crypto';
import { waitFor } from '@gateway/testing';
import { chat, mockSetup, usageRows, type MockSetup } from '../support/gateway-setup';
import { startTestApp, type TestApp } from '../support/test-app';

describe('usage ranges, key names and job provider names (real PostgreSQL)', () => {
  let t: TestApp;
  let s: MockSetup;
  beforeAll(async () => {
    t = await startTestApp();
    s = await mockSetup(t, { creditsUsd: 1 });
  });
  afterAll(() => t.close());

  it('refuses from after to (400) on every report, and accepts a one-day range', async () => {
    const teamId = (await s.admin.post('/api/v1/teams', { name: 'Ranges', slug: `ranges-${randomUUID().slice(0, 8)}` })).body.id;
    const backwards = 'from=2026-05-02&to=2026-05-01';
    const userPaths = ['/api/v1/users/me/usage', '/api/v1/users/me/usage?groupBy=day&', '/api/v1/users/me/usage.csv', '/api/v1/requests'];
    const adminPaths = [
      '/api/v1/admin/usage/summary',
      '/api/v1/admin/usage/leaderboard',
      '/api/v1/admin/costs',
      `/api/v1/admin/users/${s.user.id}/usage`,
      `/api/v1/teams/${teamId}/usage`,
      `/api/v1/teams/${teamId}/usage.csv`,
      `/api/v1/teams/${teamId}/requests`,
      '/api/v1/admin/requests',
    ];
    const query = (path: string, q: string) => `${path}${path.includes('?') ? '' : '?'}${q}`;
    for (const [client, paths] of [[s.user.client, userPaths], [s.admin, adminPaths]] as const) {
      for (const path of paths) {
        const refused = await client.get(query(path, backwards));
        expect([path, refused.status, JSON.stringify(refused.body)]).toEqual([path, 400, expect.stringContaining('from must be before to')]);
        expect([path, (await client.get(query(path, 'from=2026-05-01&to=2026-05-01'))).status]).toEqual([path, 200]);
      }
    }
  });

  it('names the key of each request in the usage CSV, beside its id', async () => {
    const named = (await s.user.client.post('/api/v1/keys', { name: 'Deploy bot, prod' })).body;
    const res = await chat(t.url, named.key, { model: s.model, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    await usageRows(t.databaseUrl, s.user.id, 1);
    const lines = String((await s.user.client.get('/api/v1/users/me/usage.csv')).body).trim().split('\n');
    const header = lines[0].split(',');
    expect(header.slice(-2)).toEqual(['userId', 'keyName']);
    const row = lines.find((l) => l.includes(named.id))!;
    expect(row.endsWith(',"Deploy bot, prod"')).toBe(true);
    const listed = (await s.user.client.get('/api/v1/users/me/usage')).body.items.find((r: any) => r.keyId === named.id);
    expect(listed.keyName).toBe('Deploy bot, prod');
  });

  it("shows the provider's name beside its id on provider jobs", async () => {
    const name = (await s.admin.get(`/api/v1/providers/${s.providerId}`)).body.name;
    const job = await s.admin.post('/api/v1/admin/providers/probe', { providerId: s.providerId });
    expect(job.status).toBe(202);
    expect(job.body).toMatchObject({ data: { providerId: s.providerId }, providerName: name });
    const listed = await waitFor(async () => (await s.admin.get('/api/v1/admin/jobs?queue=provider-health')).body.items.find((j: any) => j.id === job.body.id));
    expect(listed.providerName).toBe(name);
    expect((await s.admin.get(`/api/v1/admin/jobs/provider-health/${job.body.id}`)).body.providerName).toBe(name);
  });
});
