import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@gateway/testing';
import { api } from './support/http';

const MAIN = join(__dirname, '..', 'dist', 'apps', 'api', 'src', 'main.js');

describe('embedded mode: no DATABASE_URL, no REDIS_URL', () => {
  let child: ChildProcess;
  let dataDir: string;
  let output = '';
  let port = 0;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error('build the API first (npm run build:api)');
    dataDir = mkdtempSync(join(tmpdir(), 'gw-embedded-'));
    const env = { ...process.env, PORT: '0', DATA_DIR: dataDir, NODE_ENV: 'development' } as NodeJS.ProcessEnv;
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD']) delete env[name];
    child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    await waitFor(() => output.includes('listening on'), 60_000, 100).catch(() => {
      throw new Error(`gateway did not start:\n${output}`);
    });
    port = Number(output.match(/listening on http:\/\/localhost:(\d+)/)![1]);
  }, 90_000);

  afterAll(async () => {
    child?.kill('SIGTERM');
    await new Promise((r) => child?.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on PGlite, prints the generated admin, and serves login and key creation', async () => {
    expect(output).toContain(`embedded PostgreSQL in ${dataDir}`);
    const match = output.match(/admin account created: (\S+) \/ (\S+)/);
    expect(match).not.toBeNull();
    const url = `http://127.0.0.1:${port}`;
    expect((await api(url).get('/api/v1/health/ready')).body).toMatchObject({ status: 'ok', checks: { database: 'up', redis: 'in-process' } });
    const session = await api(url).post('/api/v1/auth/login', { email: match![1], password: match![2] });
    expect(session.status).toBe(200);
    const key = await api(url, session.body.accessToken).post('/api/v1/keys', { name: 'embedded' });
    expect(key.status).toBe(201);
    expect(key.body.key).toMatch(/^gw-/);
  });
});
