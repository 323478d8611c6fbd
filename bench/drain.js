'use strict';
// `node bench/drain.js [options]`: how fast the worker writes the usage outbox into PostgreSQL, and
// the CPU that costs the worker and PostgreSQL per usage row. The request path is not involved:
// records shaped as the build's gateway writes them are pushed into the Redis outbox, the worker
// is started on them, and the run ends when PostgreSQL holds every row. See bench/README.md.
//   --records N     records per run (default 30000)
//   --rounds N      runs per build (default 3)
//   --preload N     rows written (by a first, unmeasured run) before the measured ones, to see
//                   how the cost moves as the tables grow (default 0)
//   --build DIR     the build to measure (a directory holding dist/; default this checkout)
//   --compare DIR   a second build, run alternately with the first in one database
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const path = require('node:path');
const { Client } = require('pg');
const Redis = require('ioredis');
const { CLK_TCK, postgresTicks, postmasterPid, processTicks } = require('./proc-cpu');

const ROOT = path.resolve(__dirname, '..');
const PG_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';

function parseArgs(argv) {
  const o = { records: 30_000, rounds: 3, preload: 0, builds: [ROOT] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--records') o.records = Number(next());
    else if (a === '--rounds') o.rounds = Number(next());
    else if (a === '--preload') o.preload = Number(next());
    else if (a === '--build') o.builds[0] = path.resolve(next());
    else if (a === '--compare') o.builds[1] = path.resolve(next());
    else throw new Error(`unknown option ${a} (see the top of bench/drain.js)`);
  }
  return o;
}

/** How the build's gateway writes a record and picks request ids (older builds: plain JSON, random v4 ids). */
function recordFormat(build) {
  const load = (file, name) => {
    try {
      return require(path.join(build, 'dist', file))[name];
    } catch {
      return null;
    }
  };
  return {
    json: load('libs/billing/src/usage-record.js', 'usageRecordJson') ?? JSON.stringify,
    newId: load('libs/proxy/src/request-id.js', 'newRequestId') ?? crypto.randomUUID,
  };
}

/** A plain answer's record, as the bench's gateway settles it: no team, cache, reasoning or error. */
function record(id, ids) {
  return {
    requestId: id, userId: ids.user, keyId: ids.key, teamId: null, tier: 'enterprise', model: 'bench-model',
    providerId: ids.provider, provider: 'bench-upstream', upstreamModel: 'fake-model', endpoint: '/v1/chat/completions',
    stream: false, status: 200, promptTokens: 12, completionTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0,
    reasoningTokens: 0, usageSource: 'reported', costMicros: 52, cacheSavingsMicros: 0, latencyMs: 3, ttftMs: null,
    attempts: 1, error: null, createdAt: Date.now(), origin: 'drain-bench',
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const dbName = `gwdrain_${Date.now()}`;
  const admin = new Client({ connectionString: `${PG_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = `${PG_URL}/${dbName}`;
  const redis = new Redis(REDIS_URL);
  const db = new Client({ connectionString: dbUrl });
  const env = {
    ...process.env, NODE_ENV: 'production', DATABASE_URL: dbUrl, REDIS_URL, LOG_LEVEL: 'warn', USAGE_WRITER: 'worker', WORKER_PORT: '0',
    JWT_SECRET: crypto.randomBytes(32).toString('hex'), ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
  };
  try {
    const migrate = spawn(process.execPath, [path.join(opts.builds[0], 'dist/apps/api/src/migrate.js'), 'run'], { env, stdio: 'inherit' });
    if ((await new Promise((r) => migrate.on('exit', r))) !== 0) throw new Error('migrations failed');
    await db.connect();
    const ids = { user: crypto.randomUUID(), key: crypto.randomUUID(), provider: crypto.randomUUID() };
    await db.query(`INSERT INTO users (id, email, password_hash, role, tier, balance_micros) VALUES ($1, 'drain@example.com', 'x', 'user', 'enterprise', 1000000000000)`, [ids.user]);
    const master = await postmasterPid(db);
    if (!master) throw new Error('bench:drain reads PostgreSQL\'s CPU from /proc: it needs the server on this machine');
    const rows = async () => Number((await db.query('SELECT count(*) FROM usage_logs')).rows[0].count);

    const run = async (build, n) => {
      const { json, newId } = recordFormat(build);
      const prefix = `gwdrain:${Date.now()}:`;
      for (let i = 0; i < n; i += 1000) {
        await redis.rpush(`${prefix}usage:outbox`, ...Array.from({ length: Math.min(1000, n - i) }, () => json(record(newId(), ids))));
      }
      const before = await rows();
      const worker = spawn('taskset', ['-c', '0', process.execPath, path.join(build, 'dist/apps/worker/src/main.js')], { env: { ...env, REDIS_KEY_PREFIX: prefix }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      worker.stdout.on('data', (d) => (out += d));
      worker.stderr.on('data', (d) => (out += d));
      while (!out.includes('Worker running')) {
        if (worker.exitCode !== null) throw new Error(`the worker exited: ${out}`);
        await sleep(20);
      }
      const started = Date.now();
      const workerAt = processTicks(worker.pid);
      const pgAt = postgresTicks(master);
      while ((await rows()) < before + n) await sleep(20);
      const ms = Date.now() - started;
      const perRow = (ticks) => (ticks * 1e6) / CLK_TCK / n;
      const result = { ms, rowsPerS: (n / ms) * 1000, workerUs: perRow(processTicks(worker.pid) - workerAt), pgUs: perRow(postgresTicks(master) - pgAt), tableRows: before };
      worker.kill('SIGTERM');
      await new Promise((r) => worker.on('exit', r));
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      return result;
    };

    if (opts.preload) {
      console.log(`preloading ${opts.preload} rows…`);
      await run(opts.builds[0], opts.preload);
    }
    const results = opts.builds.map(() => []);
    for (let round = 1; round <= opts.rounds; round++) {
      for (const [b, build] of opts.builds.entries()) {
        const r = await run(build, opts.records);
        results[b].push(r);
        console.log(`round ${round} ${path.relative(ROOT, build) || 'this checkout'}: ${opts.records} rows in ${r.ms} ms (${Math.round(r.rowsPerS)} rows/s; ${r.tableRows} rows before), worker ${r.workerUs.toFixed(1)} µs/row, PostgreSQL ${r.pgUs.toFixed(1)} µs/row`);
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log('\n| build | rows/s | worker µs/row | PostgreSQL µs/row |\n|---|---:|---:|---:|');
    for (const [b, build] of opts.builds.entries()) {
      const rs = results[b];
      console.log(`| ${path.relative(ROOT, build) || 'this checkout'} | ${Math.round(median(rs.map((r) => r.rowsPerS)))} | ${median(rs.map((r) => r.workerUs)).toFixed(1)} | ${median(rs.map((r) => r.pgUs)).toFixed(1)} |`);
    }
  } finally {
    await db.end().catch(() => undefined);
    redis.disconnect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
