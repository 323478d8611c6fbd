import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, TEST_REDIS_URL, waitFor } from '@gateway/testing';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process';
import { chat, ledgerMismatches, mockSetup, usageRows } from '../support/gateway-setup';
import { api, login } from '../support/http';

const WORKER = join(__dirname, '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');

describe('the worker app against Redis: BullMQ processors, schedules, /health and /metrics', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let gateway: GatewayProcess;
  let worker: ChildProcess;
  let workerOutput = '';
  let workerPort = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `gwworker${Date.now()}:`, HEALTH_PROBE_INTERVAL_SECONDS: '1' };
    gateway = await startGatewayProcess(env); // applies the migrations
    worker = spawn(process.execPath, [WORKER], { env: { ...process.env, ...env, NODE_ENV: 'test', WORKER_PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    worker.stdout!.on('data', (d) => (workerOutput += d));
    worker.stderr!.on('data', (d) => (workerOutput += d));
    await waitFor(() => workerOutput.includes('Worker running') || worker.exitCode !== null, 60_000, 50);
    if (worker.exitCode !== null) throw new Error(`worker exited:\n${workerOutput}`);
    workerPort = Number(workerOutput.match(/on port (\d+)/)![1]);
  }, 120_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await gateway?.kill();
    await db?.drop();
  });

  it('processes an aggregation job the API enqueued, and probes providers on its schedule', async () => {
    const admin = api(gateway.url, (await login(gateway.url, 'admin@example.com', 'admin-password-123')).accessToken);
    const queued = await admin.post('/api/v1/admin/usage/aggregate', { from: '2026-01-01', to: '2026-01-02' });
    expect(queued.status).toBe(202);
    const ids = queued.body.items.map((j: { id: string }) => j.id);
    await waitFor(async () => {
      const done = (await admin.get('/api/v1/admin/jobs?queue=usage-aggregate&state=completed')).body.items.map((j: { id: string }) => j.id);
      return ids.every((id: string) => done.includes(id));
    }, 20_000, 200);

    const provider = (await admin.post('/api/v1/providers', { name: 'mock', type: 'mock' })).body;
    const health = await waitFor(async () => {
      const h = (await admin.get(`/api/v1/providers/${provider.id}/health`)).body;
      return h.status === 'up' ? h : null;
    }, 20_000, 200);
    expect(health.history.length).toBeGreaterThan(0);
  });

  it('writes the usage rows the API settles (USAGE_WRITER defaults to the worker with Redis), and the API hears of them at once', async () => {
    expect(gateway.output()).toMatch(/usage rows +written by the worker/);
    const { user, key, model } = await mockSetup({ url: gateway.url, adminEmail: 'admin@example.com', adminPassword: 'admin-password-123' }, { creditsUsd: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await chat(gateway.url, key, { model, messages: [{ role: 'user', content: `row ${i}` }] });
      expect(res.status).toBe(200);
      ids.push(res.headers.get('x-request-id')!);
    }
    const rows = await usageRows(db.url, user.id, 5, 10_000);
    expect(rows.map((r) => r.request_id).sort()).toEqual([...ids].sort());
    expect(await ledgerMismatches(db.url)).toEqual([]);
    // The worker tells the API's gate through Redis (within about a second), not the API's own lookups (after 5 s).
    const unconfirmed = async () => Number((await (await fetch(`${gateway.url}/metrics`)).text()).match(/^gateway_settlements_unconfirmed (\d+)$/m)?.[1]);
    const started = Date.now();
    await waitFor(async () => (await unconfirmed()) === 0, 10_000, 100);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('serves /health and Prometheus /metrics with queue depths', async () => {
    const health = await fetch(`http://127.0.0.1:${workerPort}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const metrics = await (await fetch(`http://127.0.0.1:${workerPort}/metrics`)).text();
    expect(metrics).toMatch(/gateway_queue_jobs\{queue="usage-aggregate",state="completed"\} \d+/);
    expect(metrics).toContain('gateway_process_cpu_user_seconds_total');
  });

  it('stops on SIGTERM with exit code 0, its shutdown run once (nothing closed twice)', async () => {
    const exited = new Promise<number | null>((r) => worker.once('exit', (code) => r(code)));
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workerOutput).not.toMatch(/Error|destroyed/);
  });
});
