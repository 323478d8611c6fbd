/**
 * Private Redis and PostgreSQL instances for fault-injection suites: started, stopped, paused and
 * restarted by the test, never the shared ones the other suites use (those must not be touched).
 *
 * - Redis runs without persistence (`--save "" --appendonly no`), like a cache: stopped and started
 *   again on the same port, it comes back empty.
 * - PostgreSQL is a cluster of its own: `pg_createcluster` (Debian, as root) or `initdb`/`pg_ctl`
 *   as the current user otherwise; always dropped by `destroy()`.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP port nobody listens on right now (127.0.0.1). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

/** One RESP exchange on a fresh connection (`PING` → `+PONG`); false on any error or silence. */
function redisPing(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (d) => {
      answer += d;
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

/** Wait for a child to exit; true if it did within the time. */
function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** A private `redis-server` child on 127.0.0.1 without persistence. */
export class OwnRedis {
  private child: ChildProcess | null = null;
  private log = '';
  private paused = false;
  private readonly dir = mkdtempSync(join(tmpdir(), 'gwf-redis-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.log;
  }

  /** Start (again) on the same port: empty, nothing is persisted. */
  async start(): Promise<void> {
    if (this.running) throw new Error('redis is already running');
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--protected-mode', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (this.log += d));
    child.stderr!.on('data', (d) => (this.log += d));
    this.child = child;
    this.paused = false;
    // Never outlive the test process, whatever happens to it.
    const orphan = () => child.kill('SIGKILL');
    process.once('exit', orphan);
    child.once('exit', () => process.removeListener('exit', orphan));
    try {
      // A restart right after a stop may find the port in use for a moment: redis then exits, and is started again.
      await until(async () => child.exitCode !== null || (await redisPing(this.port)), 10_000, `redis on ${this.port}`);
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}):\n${this.log.slice(-2000)}`);
  }

  /** Stop it (SIGTERM, SIGKILL after 5 s, or at once with `kill`); its data is gone. */
  async stop(kill = false): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    if (this.paused) child.kill('SIGCONT');
    this.paused = false;
    child.kill(kill ? 'SIGKILL' : 'SIGTERM');
    if (!(await exited(child, 5_000))) {
      child.kill('SIGKILL');
      await exited(child, 5_000);
    }
  }

  /** Stop answering: the process is frozen, connections stay open, the kernel still accepts new ones. */
  pause(): void {
    if (!this.running) throw new Error('redis is not running');
    this.child!.kill('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    if (!this.running) return;
    this.child!.kill('SIGCONT');
    this.paused = false;
  }

  async destroy(): Promise<void> {
    await this.stop(true).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const CLUSTER_PREFIX = 'gwfault';

/** The installed PostgreSQL major version (the highest under /usr/lib/postgresql). */
export function postgresVersion(): string {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)) : [];
  if (!versions.length) throw new Error('no PostgreSQL under /usr/lib/postgresql');
  return versions.sort((a, b) => Number(b) - Number(a))[0];
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * A private PostgreSQL cluster on 127.0.0.1 (trust authentication, user `postgres`). With
 * pg_createcluster (Debian, as root): a cluster named `gwfault_<pid>_<random>`, managed with
 * pg_ctlcluster; otherwise initdb/pg_ctl on a temporary directory as the current user.
 */
export class OwnPostgres {
  private dropped = false;

  private constructor(
    readonly version: string,
    readonly port: number,
    private readonly mode: { kind: 'debian'; name: string } | { kind: 'initdb'; dir: string; bin: string },
  ) {}

  static async create(): Promise<OwnPostgres> {
    const version = postgresVersion();
    const port = await freePort();
    // Written into postgresql.conf unquoted (so no dotted address: `localhost` is 127.0.0.1 and ::1).
    const options = ['listen_addresses=localhost', 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'ssl=off', 'max_connections=60'];
    if (isRoot() && existsSync('/usr/bin/pg_createcluster')) {
      await dropStaleClusters(version);
      const name = `${CLUSTER_PREFIX}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      const pg = new OwnPostgres(version, port, { kind: 'debian', name });
      try {
        await run('pg_createcluster', [version, name, '-p', String(port), '--start-conf', 'manual', ...options.flatMap((o) => ['-o', o]), '--', '--auth=trust']);
        await pg.start();
      } catch (e) {
        await pg.destroy();
        throw e;
      }
      return pg;
    }
    const bin = `/usr/lib/postgresql/${version}/bin`;
    const dir = mkdtempSync(join(tmpdir(), 'gwf-pg-'));
    const pg = new OwnPostgres(version, port, { kind: 'initdb', dir, bin });
    try {
      await run(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
      await pg.start();
    } catch (e) {
      await pg.destroy();
      throw e;
    }
    return pg;
  }

  get name(): string {
    return this.mode.kind === 'debian' ? this.mode.name : this.mode.dir;
  }

  /** A URL on this cluster (database `postgres` unless named). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<string> {
    await this.query(`CREATE DATABASE ${name}`);
    return this.url(name);
  }

  async query<T = any>(text: string, params: unknown[] = [], database = 'postgres'): Promise<T[]> {
    const client = new Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query(text, params)).rows;
    } finally {
      await client.end();
    }
  }

  async start(): Promise<void> {
    if (this.mode.kind === 'debian') await run('pg_ctlcluster', [this.version, this.mode.name, 'start']);
    else {
      const { dir, bin } = this.mode;
      const options = `-p ${this.port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
      await run(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-o', options, '-w', 'start']);
    }
    await until(() => this.ready(), 20_000, `postgres on ${this.port}`, 100);
  }

  /** Stop: `fast` (connections are cut, a clean shutdown) or `immediate` (as a crash). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    if (this.mode.kind === 'debian') await run('pg_ctlcluster', [this.version, this.mode.name, 'stop', '-m', mode]);
    else await run(join(this.mode.bin, 'pg_ctl'), ['-D', join(this.mode.dir, 'data'), '-m', mode, '-w', 'stop']);
  }

  async ready(): Promise<boolean> {
    const client = new Client({ connectionString: this.url(), connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Stop and remove the cluster (idempotent; never throws). */
  async destroy(): Promise<void> {
    if (this.dropped) return;
    this.dropped = true;
    if (this.mode.kind === 'debian') {
      const { name } = this.mode;
      await run('pg_dropcluster', ['--stop', this.version, name]).catch(async () => {
        await run('pg_ctlcluster', [this.version, name, 'stop', '-m', 'immediate']).catch(() => undefined);
        await run('pg_dropcluster', [this.version, name]).catch(() => undefined);
      });
    } else {
      await run(join(this.mode.bin, 'pg_ctl'), ['-D', join(this.mode.dir, 'data'), '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(this.mode.dir, { recursive: true, force: true });
    }
  }
}

/** Clusters this module made in runs whose process is gone (a run killed before its afterAll). Only ours: `gwfault_<pid>_…`. */
async function dropStaleClusters(version: string): Promise<void> {
  const dir = `/etc/postgresql/${version}`;
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const match = new RegExp(`^${CLUSTER_PREFIX}_(\\d+)_[a-z0-9]+$`).exec(name);
    if (!match || pidAlive(Number(match[1]))) continue;
    await run('pg_dropcluster', ['--stop', version, name]).catch(() => undefined);
  }
}
