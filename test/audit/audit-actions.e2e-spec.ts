/**
 * The audit log, route by route: each administrative or security action writes exactly one
 * record, with the right actor (user and key), address, user agent, request id, target and
 * before/after diff; no secret reaches the table, the listing or the CSV.
 */
import { JOB_QUEUES, QUEUES, type JobQueues } from '@gateway/queue';
import { waitFor } from '@gateway/testing';
import { sql } from '../support/gateway-setup';
import { api, login, newUser, type Res } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

const UA = { 'user-agent': 'audit-e2e/1.0' };
const PROVIDER_KEY = 'sk-audit-provider-key-0123456789abcdef';
const PROVIDER_KEY_2 = 'sk-audit-provider-key-2-fedcba9876543210';
const HEADER_SECRET = 'hdr-secret-value-0123456789';

interface Step {
  name: string;
  action: string;
  /** Runs the action; returns the response whose request id the record must carry, and what to expect. */
  run: () => Promise<{ res: Res; actor: string | null; actorKey?: string | null; target: [string | null, string | null]; diff?: object }>;
}

describe('audit log: one record per action', () => {
  let t: TestApp;
  let admin: ReturnType<typeof api>;
  let adminId: string;
  let user: Awaited<ReturnType<typeof newUser>>;
  let other: Awaited<ReturnType<typeof newUser>>;
  const ctx: Record<string, any> = {};
  const secrets: string[] = [PROVIDER_KEY, PROVIDER_KEY_2, HEADER_SECRET];

  beforeAll(async () => {
    t = await startTestApp();
    const session = await login(t.url, t.adminEmail, t.adminPassword);
    admin = api(t.url, session.accessToken);
    adminId = session.user.id;
    user = await newUser(t.url);
    other = await newUser(t.url);
    ctx.secondLogin = (await login(t.url, user.email, user.password)).refreshToken; // signed out by a step
    secrets.push(t.adminPassword, user.password, session.refreshToken, user.session.refreshToken, ctx.secondLogin);
  }, 60_000);
  afterAll(() => t?.close());

  const lastSeq = async () => (await sql(t.databaseUrl, 'SELECT coalesce(max(seq), 0)::int AS n FROM audit_log'))[0].n as number;

  const steps: Step[] = [
    {
      name: 'a password login',
      action: 'auth.login',
      run: async () => {
        const res = await api(t.url).post('/api/v1/auth/login', { email: user.email, password: user.password }, UA);
        secrets.push(res.body.refreshToken, res.body.accessToken);
        ctx.refresh = res.body.refreshToken;
        return { res, actor: user.id, target: ['user', user.id], diff: { after: { email: user.email, method: 'password' } } };
      },
    },
    {
      name: 'a wrong password',
      action: 'auth.login.failed',
      run: async () => {
        const res = await api(t.url).post('/api/v1/auth/login', { email: user.email, password: 'wrong-password-1' }, UA);
        expect(res.status).toBe(401);
        secrets.push('wrong-password-1');
        return { res, actor: null, target: ['user', user.id], diff: { after: { email: user.email, reason: 'wrong password', method: 'password' } } };
      },
    },
    {
      name: 'an unknown email',
      action: 'auth.login.failed',
      run: async () => {
        const res = await api(t.url).post('/api/v1/auth/login', { email: 'nobody@example.com', password: 'whatever-123' }, UA);
        expect(res.status).toBe(401);
        return { res, actor: null, target: ['user', null], diff: { after: { email: 'nobody@example.com', reason: 'unknown email', method: 'password' } } };
      },
    },
    {
      name: 'a replayed refresh token',
      action: 'auth.refresh.reuse',
      run: async () => {
        const rotated = await api(t.url).post('/api/v1/auth/refresh', { refreshToken: ctx.refresh }, UA);
        expect(rotated.status).toBe(200);
        secrets.push(rotated.body.refreshToken);
        const res = await api(t.url).post('/api/v1/auth/refresh', { refreshToken: ctx.refresh }, UA);
        expect(res.status).toBe(401);
        return { res, actor: user.id, target: ['user', user.id], diff: { after: { tokensRevoked: 2 } } };
      },
    },
    {
      name: 'a registration',
      action: 'user.register',
      run: async () => {
        const res = await api(t.url).post('/api/v1/auth/register', { email: 'fresh@example.com', password: 'fresh-password-123' }, UA);
        secrets.push('fresh-password-123');
        return { res, actor: res.body.id, target: ['user', res.body.id], diff: { after: { email: 'fresh@example.com', role: 'user', tier: 'free' } } };
      },
    },
    {
      name: "a user's tier, budget and active flag",
      action: 'user.update',
      run: async () => {
        const res = await admin.patch(`/api/v1/admin/users/${other.id}`, { tier: 'pro', active: false, budget: { budgetUsd: 5, period: 'month' } }, UA);
        expect(res.status).toBe(200);
        return {
          res,
          actor: adminId,
          target: ['user', other.id],
          diff: { before: { tier: 'free', active: true, budget: null }, after: { tier: 'pro', active: false, budget: { micros: 5_000_000, period: 'month', alerts: [50, 80, 100] } } },
        };
      },
    },
    {
      name: "a user's role",
      action: 'user.update',
      run: async () => {
        const res = await admin.patch(`/api/v1/admin/users/${other.id}`, { role: 'admin' }, UA);
        expect(res.status).toBe(200);
        return { res, actor: adminId, target: ['user', other.id], diff: { before: { role: 'user' }, after: { role: 'admin' } } };
      },
    },
    {
      name: 'a logout',
      action: 'auth.logout',
      run: async () => {
        const res = await api(t.url).post('/api/v1/auth/logout', { refreshToken: ctx.secondLogin }, UA);
        expect(res.status).toBe(204);
        return { res, actor: user.id, target: ['user', user.id], diff: { after: { tokensRevoked: 1 } } };
      },
    },
    {
      name: 'a provider with an API key and a secret header',
      action: 'provider.create',
      run: async () => {
        const body = { name: 'upstream', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', apiKey: PROVIDER_KEY, headers: { 'x-api-key': HEADER_SECRET, 'x-region': 'eu' } };
        const res = await admin.post('/api/v1/providers', body, UA);
        expect(res.status).toBe(201);
        ctx.provider = res.body.id;
        return { res, actor: adminId, target: ['provider', res.body.id], diff: { after: { name: 'upstream', apiKeyMask: res.body.apiKey, headers: { 'x-api-key': '[redacted]', 'x-region': 'eu' } } } };
      },
    },
    {
      name: "a provider's new API key",
      action: 'provider.update',
      run: async () => {
        const res = await admin.patch(`/api/v1/providers/${ctx.provider}`, { apiKey: PROVIDER_KEY_2, timeoutMs: 5000 }, UA);
        expect(res.status).toBe(200);
        return { res, actor: adminId, target: ['provider', ctx.provider], diff: { before: { timeoutMs: 60000 }, after: { timeoutMs: 5000, apiKeyReplaced: true } } };
      },
    },
    {
      name: 'a mock provider',
      action: 'provider.create',
      run: async () => {
        const res = await admin.post('/api/v1/providers', { name: 'mock', type: 'mock' }, UA);
        ctx.mock = res.body.id;
        return { res, actor: adminId, target: ['provider', res.body.id] };
      },
    },
    {
      name: 'a model',
      action: 'model.create',
      run: async () => {
        const res = await admin.post('/api/v1/models', { name: 'audited', targets: [{ providerId: ctx.mock, upstreamModel: 'mock-small' }], inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2 }, UA);
        expect(res.status).toBe(201);
        ctx.model = res.body.id;
        return { res, actor: adminId, target: ['model', res.body.id], diff: { after: { name: 'audited', inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2 } } };
      },
    },
    {
      name: "a model's prices",
      action: 'model.update',
      run: async () => {
        const res = await admin.patch(`/api/v1/models/${ctx.model}`, { inputPriceUsdPerMTok: 3, cacheReadPriceUsdPerMTok: 0.3 }, UA);
        expect(res.status).toBe(200);
        return { res, actor: adminId, target: ['model', ctx.model], diff: { before: { inputPriceUsdPerMTok: 1, cacheReadPriceUsdPerMTok: null }, after: { inputPriceUsdPerMTok: 3, cacheReadPriceUsdPerMTok: 0.3 } } };
      },
    },
    {
      name: 'a credit grant',
      action: 'credits.grant',
      run: async () => {
        const res = await admin.post('/api/v1/admin/credits/grant', { userId: user.id, amountUsd: 10, note: 'welcome' }, UA);
        expect(res.status).toBe(201);
        return { res, actor: adminId, target: ['user', user.id], diff: { after: { amountMicros: 10_000_000, note: 'welcome', ledgerEntryId: res.body.id } } };
      },
    },
    {
      name: 'a credit adjustment',
      action: 'credits.adjust',
      run: async () => {
        const res = await admin.post('/api/v1/admin/credits/grant', { userId: user.id, amountUsd: -1 }, UA);
        return { res, actor: adminId, target: ['user', user.id], diff: { after: { amountMicros: -1_000_000 } } };
      },
    },
    {
      name: 'a key',
      action: 'key.create',
      run: async () => {
        const res = await user.client.post('/api/v1/keys', { name: 'laptop', rpm: 10 }, UA);
        expect(res.status).toBe(201);
        ctx.key = res.body.id;
        ctx.keyPrefix = res.body.prefix;
        secrets.push(res.body.key);
        return { res, actor: user.id, target: ['api_key', res.body.id], diff: { after: { name: 'laptop', rpm: 10, userId: user.id, prefix: res.body.prefix, scopes: ['gateway'] } } };
      },
    },
    {
      name: "a key's limits and budget",
      action: 'key.update',
      run: async () => {
        const res = await user.client.patch(`/api/v1/keys/${ctx.key}`, { rpm: 20, quotaUsd: 2 }, UA);
        expect(res.status).toBe(200);
        return { res, actor: user.id, target: ['api_key', ctx.key], diff: { before: { rpm: 10, budget: null }, after: { rpm: 20, budget: { micros: 2_000_000, period: 'total', alerts: [50, 80, 100] } } } };
      },
    },
    {
      name: 'a key rotated',
      action: 'key.rotate',
      run: async () => {
        const res = await user.client.post(`/api/v1/keys/${ctx.key}/rotate`, {}, UA);
        expect(res.status).toBe(200);
        secrets.push(res.body.key);
        return { res, actor: user.id, target: ['api_key', ctx.key], diff: { before: { prefix: ctx.keyPrefix }, after: { prefix: res.body.prefix } } };
      },
    },
    {
      name: 'a key revoked',
      action: 'key.revoke',
      run: async () => {
        const res = await user.client.delete(`/api/v1/keys/${ctx.key}`, UA);
        expect(res.status).toBe(204);
        return { res, actor: user.id, target: ['api_key', ctx.key], diff: { before: { revokedAt: null } } };
      },
    },
    {
      name: "an admin's management key",
      action: 'key.create',
      run: async () => {
        const res = await admin.post('/api/v1/keys', { name: 'ops', scopes: ['gateway', 'management'] }, UA);
        ctx.opsKey = res.body.key;
        ctx.opsKeyId = res.body.id;
        secrets.push(res.body.key);
        return { res, actor: adminId, target: ['api_key', res.body.id], diff: { after: { scopes: ['gateway', 'management'] } } };
      },
    },
    {
      name: 'a change made with a management key',
      action: 'model.update',
      run: async () => {
        const res = await api(t.url, ctx.opsKey).patch(`/api/v1/models/${ctx.model}`, { enabled: false }, UA);
        expect(res.status).toBe(200);
        return { res, actor: adminId, actorKey: ctx.opsKeyId, target: ['model', ctx.model], diff: { before: { enabled: true }, after: { enabled: false } } };
      },
    },
    {
      name: 'a team',
      action: 'team.create',
      run: async () => {
        const res = await admin.post('/api/v1/teams', { name: 'Sales', slug: 'sales', rpm: 100 }, UA);
        expect(res.status).toBe(201);
        ctx.team = res.body.id;
        return { res, actor: adminId, target: ['team', res.body.id], diff: { after: { name: 'Sales', slug: 'sales', rpm: 100, budget: null } } };
      },
    },
    {
      name: "a team's budget",
      action: 'team.update',
      run: async () => {
        const res = await admin.patch(`/api/v1/teams/${ctx.team}`, { budget: { budgetUsd: 100, period: 'week' }, name: 'Sales EU' }, UA);
        expect(res.status).toBe(200);
        return { res, actor: adminId, target: ['team', ctx.team], diff: { before: { name: 'Sales', budget: null }, after: { name: 'Sales EU', budget: { micros: 100_000_000, period: 'week' } } } };
      },
    },
    {
      name: 'a member added',
      action: 'team.member.add',
      run: async () => {
        const res = await admin.post(`/api/v1/teams/${ctx.team}/members`, { userId: user.id, role: 'owner' }, UA);
        expect(res.status).toBe(201);
        return { res, actor: adminId, target: ['team', ctx.team], diff: { after: { role: 'owner' }, detail: { userId: user.id, email: user.email } } };
      },
    },
    {
      name: 'a member added by an owner',
      action: 'team.member.add',
      run: async () => {
        const res = await user.client.post(`/api/v1/teams/${ctx.team}/members`, { email: 'fresh@example.com' }, UA);
        expect(res.status).toBe(201);
        ctx.fresh = res.body.userId;
        return { res, actor: user.id, target: ['team', ctx.team], diff: { after: { role: 'member' }, detail: { userId: res.body.userId } } };
      },
    },
    {
      name: "a member's role",
      action: 'team.member.role',
      run: async () => {
        const res = await user.client.patch(`/api/v1/teams/${ctx.team}/members/${ctx.fresh}`, { role: 'owner' }, UA);
        expect(res.status).toBe(200);
        return { res, actor: user.id, target: ['team', ctx.team], diff: { before: { role: 'member' }, after: { role: 'owner' }, detail: { userId: ctx.fresh } } };
      },
    },
    {
      name: 'a member removed',
      action: 'team.member.remove',
      run: async () => {
        const res = await user.client.delete(`/api/v1/teams/${ctx.team}/members/${ctx.fresh}`, UA);
        expect(res.status).toBe(204);
        return { res, actor: user.id, target: ['team', ctx.team], diff: { before: { role: 'owner' }, detail: { userId: ctx.fresh } } };
      },
    },
    {
      name: 'a team key',
      action: 'key.create',
      run: async () => {
        const res = await user.client.post('/api/v1/keys', { name: 'team key', teamId: ctx.team }, UA);
        expect(res.status).toBe(201);
        secrets.push(res.body.key);
        return { res, actor: user.id, target: ['api_key', res.body.id], diff: { after: { teamId: ctx.team } } };
      },
    },
    {
      name: 'a webhook',
      action: 'webhook.create',
      run: async () => {
        const res = await user.client.post('/api/v1/webhooks', { url: 'https://hooks.example.com/a', events: ['balance.low'], teamId: ctx.team }, UA);
        expect(res.status).toBe(201);
        ctx.webhook = res.body.id;
        secrets.push(res.body.secret);
        return { res, actor: user.id, target: ['webhook', res.body.id], diff: { after: { url: 'https://hooks.example.com/a', events: ['balance.low'], teamId: ctx.team } } };
      },
    },
    {
      name: 'a webhook deleted',
      action: 'webhook.delete',
      run: async () => {
        const res = await admin.delete(`/api/v1/webhooks/${ctx.webhook}`, UA);
        expect(res.status).toBe(204);
        return { res, actor: adminId, target: ['webhook', ctx.webhook], diff: { before: { url: 'https://hooks.example.com/a' } } };
      },
    },
    {
      name: 'a team deleted with its key',
      action: 'team.delete',
      run: async () => {
        const res = await admin.delete(`/api/v1/teams/${ctx.team}?force=true`, UA);
        expect(res.status).toBe(204);
        return { res, actor: adminId, target: ['team', ctx.team], diff: { before: { slug: 'sales' }, detail: { keysRevoked: 1, forced: true, balanceMicros: 0 } } };
      },
    },
    {
      name: 'a failed job retried',
      action: 'job.retry',
      run: async () => {
        const queues = t.app.get<JobQueues>(JOB_QUEUES);
        const job = await queues.add(QUEUES.usageAggregate, { day: 'not-a-day' }, 'audit-bad-day');
        await waitFor(async () => (await queues.get(QUEUES.usageAggregate, job.id))?.state === 'failed', 10_000);
        const res = await admin.post(`/api/v1/admin/jobs/usage-aggregate/${job.id}/retry`, {}, UA);
        expect(res.status).toBe(200);
        await waitFor(async () => (await queues.get(QUEUES.usageAggregate, job.id))?.state === 'failed', 10_000);
        return { res, actor: adminId, target: ['job', `usage-aggregate:${job.id}`] };
      },
    },
    {
      name: 'a job removed',
      action: 'job.remove',
      run: async () => {
        const res = await admin.delete('/api/v1/admin/jobs/usage-aggregate/audit-bad-day', UA);
        expect(res.status).toBe(204);
        return { res, actor: adminId, target: ['job', 'usage-aggregate:audit-bad-day'] };
      },
    },
    {
      name: 'a model deleted',
      action: 'model.delete',
      run: async () => {
        const res = await admin.delete(`/api/v1/models/${ctx.model}`, UA);
        expect(res.status).toBe(204);
        return { res, actor: adminId, target: ['model', ctx.model], diff: { before: { name: 'audited', inputPriceUsdPerMTok: 3 } } };
      },
    },
    {
      name: 'a provider deleted',
      action: 'provider.delete',
      run: async () => {
        const res = await admin.delete(`/api/v1/providers/${ctx.provider}`, UA);
        expect(res.status).toBe(204);
        return { res, actor: adminId, target: ['provider', ctx.provider], diff: { before: { name: 'upstream', headers: { 'x-api-key': '[redacted]', 'x-region': 'eu' } } } };
      },
    },
  ];

  it.each(steps.map((s) => [s.name, s] as const))('%s', async (_name, step) => {
    const before = await lastSeq();
    const { res, actor, actorKey = null, target, diff } = await step.run();
    const rows = await sql(t.databaseUrl, 'SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq', [before]);
    expect(rows.map((r) => r.action)).toEqual([step.action]);
    const [r] = rows;
    expect(r).toMatchObject({ actor_user_id: actor, actor_key_id: actorKey, ip: '127.0.0.1', user_agent: UA['user-agent'], target_type: target[0], target_id: target[1] });
    expect(r.request_id).toBe(res.headers.get('x-request-id'));
    if (diff) expect(r.diff).toMatchObject(diff);
  });

  it('never stores a secret: not in the table, not in the listing, not in the CSV', async () => {
    const table = JSON.stringify(await sql(t.databaseUrl, 'SELECT * FROM audit_log'));
    const listing = JSON.stringify((await admin.get('/api/v1/admin/audit?pageSize=1000')).body);
    const token = (await login(t.url, t.adminEmail, t.adminPassword)).accessToken;
    const csv = await (await fetch(`${t.url}/api/v1/admin/audit.csv`, { headers: { authorization: `Bearer ${token}` } })).text();
    for (const secret of secrets.filter(Boolean)) {
      expect([secret, table.includes(secret)]).toEqual([secret, false]);
      expect(listing.includes(secret)).toBe(false);
      expect(csv.includes(secret)).toBe(false);
    }
    expect(table).toContain('[redacted]');
  });

  it('lists newest first with filters, exports the same as CSV, and verifies the chain', async () => {
    const all = (await admin.get('/api/v1/admin/audit?pageSize=1000')).body;
    expect(all.total).toBe(all.items.length);
    const seqs = all.items.map((r: { seq: number }) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const keys = (await admin.get('/api/v1/admin/audit?action=key.*')).body.items.map((r: { action: string }) => r.action);
    expect(new Set(keys)).toEqual(new Set(['key.create', 'key.update', 'key.rotate', 'key.revoke']));
    const mine = (await admin.get(`/api/v1/admin/audit?actor=${user.id}&targetType=api_key`)).body;
    expect(mine.items.every((r: { actorUserId: string; targetType: string }) => r.actorUserId === user.id && r.targetType === 'api_key')).toBe(true);
    expect(mine.total).toBe(5);
    expect(mine.items[0]).toMatchObject({ actorEmail: user.email, actorKeyName: null, actorKeyPrefix: null });
    // A change made with a management key names the key as well as its owner.
    const byKey = (await admin.get('/api/v1/admin/audit?action=model.update')).body.items.find((r: { actorKeyId: string | null }) => r.actorKeyId === ctx.opsKeyId);
    expect(byKey).toMatchObject({ actorEmail: t.adminEmail, actorKeyName: 'ops', actorKeyPrefix: expect.stringMatching(/^\S+$/) });
    const byTarget = (await admin.get(`/api/v1/admin/audit?targetType=model&targetId=${ctx.model}`)).body.items.map((r: { action: string }) => r.action);
    expect(byTarget).toEqual(['model.delete', 'model.update', 'model.update', 'model.create']);
    const page2 = (await admin.get('/api/v1/admin/audit?page=2&pageSize=5')).body;
    expect(page2.items.map((r: { seq: number }) => r.seq)).toEqual(seqs.slice(5, 10));
    const future = (await admin.get(`/api/v1/admin/audit?from=${new Date(Date.now() + 60_000).toISOString()}`)).body;
    expect(future.total).toBe(0);
    expect((await admin.get('/api/v1/admin/audit?action=DROP TABLE')).status).toBe(400);

    const res = await fetch(`${t.url}/api/v1/admin/audit.csv?action=key.*`, { headers: { authorization: `Bearer ${(await login(t.url, t.adminEmail, t.adminPassword)).accessToken}` } });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('seq,createdAt,action,actorUserId,actorKeyId,ip,userAgent,requestId,targetType,targetId,diff,prevHash,hash');
    expect(lines).toHaveLength(1 + keys.length);

    const verify = (await admin.get('/api/v1/admin/audit/verify')).body;
    expect(verify).toMatchObject({ ok: true, firstSeq: 1, firstBreak: null });
    expect(verify.checked).toBe(verify.lastSeq);
  });
});
