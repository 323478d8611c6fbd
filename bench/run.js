'use strict';
// `npm run bench [-- options]`: the gateway against a bare pass-through proxy (the floor),
// both in front of the same fast fake upstream, on real PostgreSQL and Redis.
// See bench/README.md. Options:
//   --quick            1 round, 3 s runs (a smoke check in about a minute)
//   --rounds N         rounds (default 3; --quick 1)
//   --duration S       seconds per measured run (default 10; --quick 3)
//   --replicas N       N gateway processes on N ports sharing PostgreSQL and Redis (default 1)
//   --cpu-prof         profile the gateway (node --cpu-prof into bench/profiles) and summarise
//   --alloc-prof       sample the gateway's allocations during the rounds (bench/alloc-prof.js)
//   --build            build the working tree into bench/.build and measure that (dist/ is left
//                      alone); without it dist/ is measured, built by npm run build:api if missing
//   --build-ref REF    build a committed revision (git archive REF, e.g. HEAD) into bench/.build
//                      and measure that, whatever the working tree holds
//   --compare REF      also run a gateway built from REF (into bench/.build-compare) in the same
//                      rounds, and report both builds against the same bare-proxy runs
//   --chunks N         content chunks per streamed answer (default 10)
//   --connections N    autocannon connections for the max-throughput runs (default 64)
//   --rate N           the fixed rate (default 1000 req/s)
//   --out FILE         where to write the report (default bench/results.md for a full
//                      single-replica run — every test, 3 rounds × 10 s — and
//                      bench/results-<variant>.md otherwise)
//   --keep-db          keep the benchmark database and Redis keys afterwards
//   --strict           also exit non-zero when a performance target is missed
//   --no-pin           do not pin processes to cores
//   --sched-trace      trace the scheduler (ftrace; Linux, root) during the rounds and report, for
//                      the open-loop runs, what held the server core while slow requests waited
//   --portkey          also measure Portkey's open-source gateway (@portkey-ai/gateway, pinned; installed
//                      into bench/.portkey on first use) in front of the same fake upstream
//   --usage-writer W   who writes usage rows into PostgreSQL: worker (default: the worker process,
//                      started on the load generator's core, as deployed) or api (each gateway)
//   --embedded         the default a new user runs: no DATABASE_URL / REDIS_URL (embedded PostgreSQL
//                      under a fresh DATA_DIR, in-process queues, usage rows written by the gateway)
//   --only LIST        run only these tests (comma-separated: fixed, fixed-ac, max, max-stream), e.g.
//                      many rounds of the fixed rate to study the tail; the report leaves out the rest
//   --gateway-node-args "FLAGS"  node flags for the gateway instead of those of `npm run start:prod`
//                      (e.g. "--max-semi-space-size=32")
// Exit status: 0 when every request succeeded and was charged and logged; 1 otherwise.
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { CLK_TCK, postgresTicks, postmasterPid } = require('./proc-cpu');

const ROOT = path.resolve(__dirname, '..');
const BENCH = __dirname;
const LOG_DIR = path.join(BENCH, 'logs');
const PROFILE_DIR = path.join(BENCH, 'profiles');
const DIST_MAIN_JS = path.join(ROOT, 'dist/apps/api/src/main.js');
const BUILD_DIR = path.join(BENCH, '.build');
let MAIN_JS = DIST_MAIN_JS;
const PG_ADMIN_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';

// ---------------------------------------------------------------------------- options
/** The node flags `npm run start:prod` starts the gateway with: the benchmark measures it as deployed. */
function startFlags() {
  const script = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).scripts['start:prod'];
  return (/\bnode((?:\s+--\S+)*)\s/.exec(script)?.[1] ?? '').split(/\s+/).filter(Boolean);
}

/** The full measurement: its report is the committed bench/results.md. */
const FULL_RUN = { rounds: 3, duration: 10 };

function parseArgs(argv) {
  const o = { quick: false, rounds: null, duration: null, replicas: 1, cpuProf: false, allocProf: false, buildRef: null, build: false, compare: null, chunks: 10, connections: 64, rate: 1000, out: null, keepDb: false, strict: false, pin: true, gatewayNodeArgs: startFlags(), usageWriter: 'worker', portkey: false, embedded: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--rounds') o.rounds = Math.round(num());
    else if (a === '--duration') o.duration = num();
    else if (a === '--replicas') o.replicas = Math.round(num());
    else if (a === '--cpu-prof') o.cpuProf = true;
    else if (a === '--alloc-prof') o.allocProf = true;
    else if (a === '--build') o.build = true;
    else if (a === '--build-ref') o.buildRef = String(argv[++i] ?? '');
    else if (a === '--compare') o.compare = String(argv[++i] ?? '');
    else if (a === '--chunks') o.chunks = Math.round(num());
    else if (a === '--connections') o.connections = Math.round(num());
    else if (a === '--rate') o.rate = Math.round(num());
    else if (a === '--out') o.out = argv[++i];
    else if (a === '--keep-db') o.keepDb = true;
    else if (a === '--strict') o.strict = true;
    else if (a === '--no-pin') o.pin = false;
    else if (a === '--sched-trace') o.schedTrace = true;
    else if (a === '--portkey') o.portkey = true;
    else if (a === '--embedded') o.embedded = true;
    else if (a === '--only') o.only = String(argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--usage-writer') {
      o.usageWriter = String(argv[++i] ?? '');
      if (!['api', 'worker'].includes(o.usageWriter)) throw new Error('--usage-writer: api or worker');
    }
    else if (a === '--gateway-node-args') {
      o.gatewayNodeArgs = String(argv[++i] ?? '').split(/\s+/).filter(Boolean);
      o.customFlags = true;
    }
    else if (a === '--help' || a === '-h') {
      console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(1, 35).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown option ${a} (see --help)`);
  }
  o.rounds ??= o.quick ? 1 : FULL_RUN.rounds;
  o.duration ??= o.quick ? 3 : FULL_RUN.duration;
  if (o.replicas > 8) throw new Error('--replicas: at most 8');
  if (o.embedded && o.replicas > 1) throw new Error('--embedded: one replica (the embedded database belongs to one process)');
  if (o.embedded) o.usageWriter = 'api';
  if (o.compare !== null && (!o.compare || o.embedded || o.replicas > 1 || o.cpuProf || o.allocProf)) throw new Error('--compare REF: a revision, with one replica, PostgreSQL + Redis and no profiling');
  const variant = [o.quick ? 'quick' : null, o.replicas > 1 ? `replicas${o.replicas}` : null, o.cpuProf ? 'cpuprof' : null, o.allocProf ? 'allocprof' : null, o.customFlags ? 'flags' : null, o.embedded ? 'embedded' : o.usageWriter === 'api' ? 'writer-api' : null, o.compare ? 'compare' : null,
    // Only the full measurement (every test, the default rounds and length) replaces the committed report.
    o.only ? `only-${o.only.join('+')}` : null, !o.quick && (o.rounds !== FULL_RUN.rounds || o.duration !== FULL_RUN.duration) ? `r${o.rounds}x${o.duration}s` : null].filter(Boolean).join('-');
  o.variant = variant || 'full';
  o.out = path.resolve(o.out || path.join(BENCH, variant ? `results-${variant}.md` : 'results.md'));
  return o;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`bench: ${e.message}`);
  process.exit(2);
}

const T0 = Date.now();
const log = (...a) => console.log(`[bench +${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Seconds each open-loop run sends before its latencies count (see bench/load.js). */
const PACED_WARMUP_S = 1;
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const median = (xs) => {
  const a = xs.filter((x) => x !== null && x !== undefined && Number.isFinite(x)).sort((x, y) => x - y);
  if (!a.length) return null;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
};

// Cores: the load generator alone on one core; the server under test and the fake upstream on the other.
const NCPU = os.cpus().length;
const PIN = opts.pin && NCPU >= 2 && spawnSync('taskset', ['-V']).status === 0;
const LOAD_CORE = '0';
const SERVER_CORE = '1';

// ---------------------------------------------------------------------------- processes
const children = [];
fs.mkdirSync(LOG_DIR, { recursive: true });

function spawnPinned(name, core, cmd, args, env) {
  const full = PIN && core !== null ? ['taskset', ['-c', core, cmd, ...args]] : [cmd, args];
  const logFile = path.join(LOG_DIR, `${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const proc = spawn(full[0], full[1], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', out] });
  const child = { name, proc, pid: proc.pid, logFile, core, command: [cmd, ...args].join(' '), stdout: '', exited: null };
  proc.stdout.on('data', (d) => {
    child.stdout += d;
    fs.appendFileSync(logFile, d);
  });
  proc.on('exit', (code, signal) => {
    child.exited = { code, signal };
    fs.closeSync(out);
  });
  children.push(child);
  return child;
}

/** Portkey's open-source gateway, pinned: installed once into bench/.portkey, run on the server core. */
const PORTKEY_VERSION = '1.15.2';
async function startPortkey() {
  const dir = path.join(BENCH, '.portkey');
  const main = path.join(dir, 'node_modules/@portkey-ai/gateway/build/start-server.js');
  const installed = fs.existsSync(main) && JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/@portkey-ai/gateway/package.json'), 'utf8')).version === PORTKEY_VERSION;
  if (!installed) {
    log(`installing @portkey-ai/gateway@${PORTKEY_VERSION} into ${path.relative(ROOT, dir)}…`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: { '@portkey-ai/gateway': PORTKEY_VERSION } }));
    execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  }
  const port = await freePort();
  // The shim lets it relay streams under Node 20 (see bench/portkey-fetch-shim.js).
  const shim = path.join(BENCH, 'portkey-fetch-shim.js');
  const child = spawnPinned('portkey', SERVER_CORE, process.execPath, ['-r', shim, main, `--port=${port}`, '--headless'], { NODE_ENV: 'production' });
  await waitFor('Portkey', async () => (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) }).catch(() => null))?.ok, 30_000, child);
  child.port = port;
  return child;
}

async function waitFor(what, check, timeoutMs, child) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child && child.exited) throw new Error(`${child.name} exited (${JSON.stringify(child.exited)}) while starting; see ${path.relative(ROOT, child.logFile)}:\n${tail(child.logFile)}`);
    const v = await check();
    if (v) return v;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${child ? `; see ${path.relative(ROOT, child.logFile)}:\n${tail(child.logFile)}` : ''}`);
}

function tail(file, n = 20) {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

async function stopChild(child, graceMs = 5000) {
  if (child.exited) return;
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const until = Date.now() + graceMs;
  while (!child.exited && Date.now() < until) await sleep(50);
  if (!child.exited) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    await sleep(100);
  }
}

function readProc(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]); // utime + stime
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const cpus = /Cpus_allowed_list:\s+(\S+)/.exec(status)?.[1] ?? '?';
    // read and write system calls (sockets and files): a count the machine's speed does not move.
    let io = null;
    try {
      io = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
    } catch {
      /* not readable here */
    }
    const syscalls = io ? Number(/syscr:\s+(\d+)/.exec(io)?.[1] ?? NaN) + Number(/syscw:\s+(\d+)/.exec(io)?.[1] ?? NaN) : NaN;
    return { ticks, rssKb, cpus, syscalls };
  } catch {
    return null;
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function api(base, method, route, body, token, okStatuses = [200, 201]) {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (!okStatuses.includes(res.status)) throw new Error(`${method} ${route} -> ${res.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

// ---------------------------------------------------------------------------- load jobs
/** Run one load job in its own process on the load core; returns the job's JSON result. */
async function runLoad(job) {
  const child = spawnPinned(`load-${job.label}`, LOAD_CORE, process.execPath, [path.join(BENCH, 'load.js'), JSON.stringify(job)], {});
  const hardLimit = job.deadlineMs + 20_000;
  const until = Date.now() + hardLimit;
  while (!child.exited && Date.now() < until) await sleep(20);
  if (!child.exited) {
    await stopChild(child, 1000);
    throw new Error(`load generator for ${job.label} did not end within ${hardLimit} ms`);
  }
  children.splice(children.indexOf(child), 1);
  const last = child.stdout.trim().split('\n').pop();
  let result;
  try {
    result = JSON.parse(last);
  } catch {
    throw new Error(`load generator for ${job.label} printed no result; see ${path.relative(ROOT, child.logFile)}:\n${tail(child.logFile)}`);
  }
  fs.rmSync(child.logFile, { force: true });
  return result;
}

/** Run a job against a target while sampling the target's RSS and CPU and the upstream's CPU. */
async function measured(target, upstream, job) {
  const pids = target.children.map((c) => c.pid);
  const before = pids.map(readProc);
  const upBefore = readProc(upstream.pid);
  const rss = [];
  const sampler = setInterval(() => {
    const kb = pids.map((p) => readProc(p)?.rssKb ?? 0);
    rss.push(Math.max(...kb));
  }, 100);
  const startUs = nowUs();
  let result;
  try {
    result = await runLoad(job);
  } finally {
    clearInterval(sampler);
  }
  const endUs = nowUs();
  for (const c of [...target.children, upstream]) {
    if (c.exited) throw new Error(`${c.name} exited (${JSON.stringify(c.exited)}) during ${job.label}; see ${path.relative(ROOT, c.logFile)}:\n${tail(c.logFile)}`);
  }
  const after = pids.map(readProc);
  const upAfter = readProc(upstream.pid);
  const served = result.responses || 0;
  const cpuTicks = after.reduce((s, a, i) => s + (a && before[i] ? a.ticks - before[i].ticks : 0), 0);
  const usPerTick = 1e6 / CLK_TCK;
  result.cpuUsPerReq = served ? (cpuTicks * usPerTick) / served : null;
  const calls = after.reduce((s, a, i) => s + (a && before[i] ? a.syscalls - before[i].syscalls : NaN), 0);
  result.syscallsPerReq = served ? calls / served : null;
  result.upstreamCpuUsPerReq = served && upAfter && upBefore ? ((upAfter.ticks - upBefore.ticks) * usPerTick) / served : null;
  result.rssPeakMb = rss.length ? Math.max(...rss) / 1024 : (after[0]?.rssKb ?? 0) / 1024;
  result.rssMedianMb = rss.length ? median(rss) / 1024 : null;
  result.window = { startUs, endUs };
  if (target.name === 'gateway') result.heap = await gatewayHeap(target.children);
  return result;
}

/** The gateway's V8 heap (used / total MB, largest replica) from its own /metrics. */
async function gatewayHeap(gateways) {
  let used = 0;
  let total = 0;
  for (const g of gateways) {
    try {
      const text = await (await fetch(`${g.base}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
      // Whatever prefix the gateway gives prom-client's default metrics.
      const val = (name) => Number(new RegExp(`^\\w*${name}(?:\\{[^}]*\\})? ([\\d.e+]+)`, 'm').exec(text)?.[1] ?? NaN);
      const u = val('nodejs_heap_size_used_bytes') / 2 ** 20;
      const t = val('nodejs_heap_size_total_bytes') / 2 ** 20;
      if (Number.isFinite(u)) used = Math.max(used, u);
      if (Number.isFinite(t)) total = Math.max(total, t);
    } catch {
      /* metrics unavailable: leave 0 */
    }
  }
  return { usedMb: used || null, totalMb: total || null };
}

// ---------------------------------------------------------------------------- main
const state = { db: null, dbName: null, redisPrefix: null, failures: [], warnings: [] };

/**
 * A private build (of the working tree when `ref` is null, or of a revision exported with git
 * archive) into `outDir`, so dist/ (someone else's) is never touched.
 */
function buildRevision(ref, outDir) {
  let srcDir = ROOT;
  let commit = null;
  if (ref) {
    srcDir = path.join(BENCH, '.src');
    fs.rmSync(srcDir, { recursive: true, force: true });
    fs.mkdirSync(srcDir, { recursive: true });
    const wanted = ['apps/api', 'apps/worker', 'libs', 'migrations', 'tsconfig.base.json', 'tsconfig.build.json', 'package.json'];
    const present = wanted.filter((p) => spawnSync('git', ['cat-file', '-e', `${ref}:${p}`], { cwd: ROOT }).status === 0);
    if (!present.includes('apps/api')) throw new Error(`revision ${ref}: no apps/api in it`);
    const archive = spawnSync('git', ['archive', '--format=tar', ref, ...present], { cwd: ROOT, maxBuffer: 512 * 2 ** 20 });
    if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr}`);
    const untar = spawnSync('tar', ['-x', '-C', srcDir], { input: archive.stdout });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
    commit = execFileSync('git', ['rev-parse', '--short', ref], { cwd: ROOT }).toString().trim();
  }
  log(`building ${ref ? `revision ${ref} (${commit})` : 'the working tree'} into ${path.relative(ROOT, outDir)} (tsc + tsc-alias)…`);
  fs.rmSync(outDir, { recursive: true, force: true });
  const buildInfo = path.join(outDir, '.tsbuildinfo');
  const bin = (name) => path.join(ROOT, 'node_modules/.bin', name);
  try {
    for (const [cmd, args] of [
      [bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', outDir, '--tsBuildInfoFile', buildInfo]],
      [bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', path.relative(srcDir, outDir)]],
    ]) {
      const r = spawnSync(cmd, args, { cwd: srcDir, stdio: 'inherit', timeout: 300_000 });
      if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed (exit ${r.status}): ${ref ? `revision ${ref}` : 'the working tree'} does not build`);
    }
  } finally {
    // The exported sources must not linger: the repository's lint and typecheck cover bench/**/*.ts.
    if (ref) fs.rmSync(srcDir, { recursive: true, force: true });
  }
  return { commit, buildInfo, mainJs: path.join(outDir, 'apps/api/src/main.js') };
}

async function main() {
  const { Client } = require('pg');
  const Redis = require('ioredis');
  log(`mode ${opts.variant}: ${opts.rounds} round(s), ${opts.duration} s per run, ${opts.replicas} gateway replica(s), ${opts.chunks} chunks per stream, pinning ${PIN ? 'on' : 'OFF'}`);
  if (!PIN) state.warnings.push(`processes are not pinned (${opts.pin ? `${NCPU} CPU(s) or no taskset` : '--no-pin'}): figures are not comparable with pinned runs`);

  // Build when needed.
  let buildInfo = path.join(ROOT, 'dist/.tsbuildinfo');
  if (opts.build || opts.buildRef) {
    const built = buildRevision(opts.buildRef, BUILD_DIR);
    opts.builtCommit = built.commit;
    buildInfo = built.buildInfo;
    MAIN_JS = built.mainJs;
  } else if (!fs.existsSync(MAIN_JS)) {
    log('building the API (npm run build:api)…');
    const r = spawnSync('npm', ['run', 'build:api'], { cwd: ROOT, stdio: 'inherit', timeout: 300_000 });
    if (r.status !== 0) throw new Error('npm run build:api failed');
  } else {
    const built = fs.statSync(fs.existsSync(buildInfo) ? buildInfo : MAIN_JS).mtimeMs;
    const newer = newestSource(['apps/api/src', 'libs'], built);
    if (newer) state.warnings.push(`dist is older than ${newer}: the gateway measured is the last build (pass --build to measure the working tree)`);
  }
  // The revision to compare with, in the same run (`--compare REF`): a second gateway on the same core.
  const compareBuild = opts.compare ? buildRevision(opts.compare, path.join(BENCH, '.build-compare')) : null;
  const distBuiltAt = new Date(fs.statSync(fs.existsSync(buildInfo) ? buildInfo : MAIN_JS).mtimeMs).toISOString();

  // Fresh database and Redis prefix.
  const stamp = `${new Date().toISOString().replace(/[-:T.Z]/g, '').slice(0, 14)}_${crypto.randomBytes(3).toString('hex')}`;
  state.dbName = `gwbench_${stamp}`;
  state.redisPrefix = `gwbench:${stamp}:`;
  let databaseUrl = null;
  if (opts.embedded) {
    // The embedded database listens on a port the bench picks, so it can check the rows.
    state.embeddedPort = await freePort();
    state.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwbench-data-'));
    state.dbName = null;
    log(`embedded mode: DATA_DIR ${state.dataDir}, embedded PostgreSQL on :${state.embeddedPort}, no Redis`);
  } else {
    const adminDb = new Client({ connectionString: `${PG_ADMIN_URL}/postgres` });
    await adminDb.connect();
    await adminDb.query(`CREATE DATABASE ${state.dbName}`);
    await adminDb.end();
    databaseUrl = `${PG_ADMIN_URL}/${state.dbName}`;
    state.db = new Client({ connectionString: databaseUrl });
    await state.db.connect();
    state.redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
    await state.redis.connect();
    log(`database ${state.dbName}, redis prefix ${state.redisPrefix}`);
  }

  // Fake upstream and bare proxy (both on the server core).
  const upstream = spawnPinned('fake-upstream', SERVER_CORE, process.execPath, [path.join(BENCH, 'fake-upstream.js')], { PORT: '0', BENCH_CHUNKS: String(opts.chunks) });
  const upPort = await waitFor('the fake upstream', () => /READY (\d+)/.exec(upstream.stdout)?.[1], 10_000, upstream);
  const bare = spawnPinned('bare-proxy', SERVER_CORE, process.execPath, [path.join(BENCH, 'bare-proxy.js')], { PORT: '0', UPSTREAM: `http://127.0.0.1:${upPort}` });
  const barePort = await waitFor('the bare proxy', () => /READY (\d+)/.exec(bare.stdout)?.[1], 10_000, bare);
  const portkey = opts.portkey ? await startPortkey() : null;

  // Gateway replica(s).
  const adminEmail = 'bench-admin@example.com';
  const adminPassword = crypto.randomBytes(12).toString('base64url');
  const gatewayEnv = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    ...(opts.embedded ? { DATA_DIR: state.dataDir, EMBEDDED_DB_PORT: String(state.embeddedPort) } : { DATABASE_URL: databaseUrl, REDIS_URL, REDIS_KEY_PREFIX: state.redisPrefix }),
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    JWT_SECRET: crypto.randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
    RPM_FREE: '100000000',
    RPM_PRO: '100000000',
    RPM_ENTERPRISE: '100000000',
    TPM_FREE: '1000000000',
    TPM_PRO: '1000000000',
    TPM_ENTERPRISE: '1000000000',
    USAGE_WRITER: opts.usageWriter,
  };
  if (opts.cpuProf || opts.allocProf) fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const profStartedAt = Date.now();
  const startGateway = async (i, mainJs = MAIN_JS, name = `gateway-${i + 1}`) => {
    const port = await freePort();
    const nodeArgs = [
      ...opts.gatewayNodeArgs,
      ...(opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, '-r', path.join(BENCH, 'prof-exit.js')] : []),
      ...(opts.allocProf ? ['-r', path.join(BENCH, 'alloc-prof.js')] : []),
    ];
    const allocFile = path.join(PROFILE_DIR, `alloc-gateway-${i + 1}.heapprofile`);
    const child = spawnPinned(name, SERVER_CORE, process.execPath, [...nodeArgs, mainJs], {
      ...gatewayEnv,
      PORT: String(port),
      RUN_MIGRATIONS: i === 0 ? 'true' : 'false',
      ...(opts.allocProf ? { BENCH_ALLOC_PROF_FILE: allocFile } : {}),
    });
    child.allocFile = allocFile;
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`gateway ${i + 1} on :${port}`, async () => (await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(2000) }).catch(() => null))?.ok, 90_000, child);
    child.base = base;
    return child;
  };
  const gateways = [await startGateway(0)];
  const base = gateways[0].base;
  if (opts.embedded) {
    state.db = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${state.embeddedPort}/postgres?sslmode=disable` });
    state.db.on('error', () => undefined); // the gateway stopping takes its database with it
    await state.db.connect();
  }

  // Set up through the management API: provider -> fake upstream, a priced model, credits, a key.
  const login = await api(base, 'POST', '/api/v1/auth/login', { email: adminEmail, password: adminPassword });
  const token = login.accessToken;
  const userId = login.user.id;
  const provider = await api(base, 'POST', '/api/v1/providers', { name: 'bench-upstream', type: 'openai-compatible', baseUrl: `http://127.0.0.1:${upPort}/v1`, timeoutMs: 30_000, enabled: true }, token);
  await api(base, 'POST', '/api/v1/models', { name: 'bench-model', targets: [{ providerId: provider.id, upstreamModel: 'fake-model' }], inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2, enabled: true }, token);
  const GRANT_USD = 1_000_000;
  await api(base, 'POST', '/api/v1/admin/credits/grant', { userId, amountUsd: GRANT_USD, note: 'benchmark' }, token);
  const created = await api(base, 'POST', '/api/v1/keys', { name: 'bench', rpm: 10_000_000, tpm: 2_000_000_000 }, token);
  const apiKey = created.key;
  if (!apiKey) throw new Error(`key creation returned no key: ${JSON.stringify(created).slice(0, 300)}`);
  for (let i = 1; i < opts.replicas; i++) gateways.push(await startGateway(i));
  // Same database, Redis, key and worker as the gateway: to them it is one more replica.
  const compared = compareBuild ? await startGateway(1, compareBuild.mainJs, `gateway-${compareBuild.commit}`) : null;
  // The worker writes the usage rows (USAGE_WRITER=worker), on the load generator's core: off the server's.
  const workers = [];
  if (opts.usageWriter === 'worker') {
    const worker = spawnPinned('worker', LOAD_CORE, process.execPath, [MAIN_JS.replace(/apps\/api\/src\/main\.js$/, 'apps/worker/src/main.js')], { ...gatewayEnv, WORKER_PORT: '0' });
    await waitFor('the worker', () => worker.stdout.includes('Worker running'), 60_000, worker);
    workers.push(worker);
  }
  log(`gateway(s) up: ${gateways.map((g) => g.base).join(', ')}; provider ${provider.id}, key ${apiKey.slice(0, 8)}…`);

  // Placement.
  const placement = [upstream, bare, ...gateways, ...(compared ? [compared] : []), ...workers, ...(portkey ? [portkey] : [])].map((c) => ({ name: c.name, pid: c.pid, cpus: readProc(c.pid)?.cpus ?? '?', command: c.command.replaceAll(ROOT + '/', '') }));
  placement.push({ name: 'load generator (autocannon / paced)', pid: '(one per run)', cpus: PIN ? LOAD_CORE : 'any', command: 'node bench/load.js <job>' });
  placement.push({ name: 'PostgreSQL, Redis (shared services)', pid: '-', cpus: 'not pinned', command: `${PG_ADMIN_URL}, ${REDIS_URL}` });
  log('placement:');
  for (const p of placement) log(`  ${p.name.padEnd(36)} pid ${String(p.pid).padEnd(14)} cores ${p.cpus.padEnd(10)} ${p.command}`);

  // Requests.
  const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };
  const messages = [
    { role: 'system', content: 'You are a terse assistant.' },
    { role: 'user', content: 'Say hello in one short sentence.' },
  ];
  const BODY = JSON.stringify({ model: 'bench-model', messages, max_tokens: 64 });
  const BODY_STREAM = JSON.stringify({ model: 'bench-model', messages, max_tokens: 64, stream: true, stream_options: { include_usage: true } });
  const targets = {
    bare: { name: 'bare', children: [bare], urls: [`http://127.0.0.1:${barePort}/v1/chat/completions`] },
    gateway: { name: 'gateway', children: gateways, urls: gateways.map((g) => `${g.base}/v1/chat/completions`) },
  };
  if (compared) targets.compare = { name: 'compare', children: [compared], urls: [`${compared.base}/v1/chat/completions`] };
  // Portkey routes by headers: the OpenAI provider, pointed at the fake upstream.
  if (portkey) {
    const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-bench', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `http://127.0.0.1:${upPort}/v1` };
    targets.portkey = { name: 'portkey', children: [portkey], urls: [`http://127.0.0.1:${portkey.port}/v1/chat/completions`], headers };
  }
  const counts = { gateway2xx: 0, gatewayStream2xx: 0 };
  const record = (target, stream, result) => {
    if (target.name !== 'gateway' && target.name !== 'compare') return;
    counts.gateway2xx += result.ok2xx || 0;
    if (stream) counts.gatewayStream2xx += result.ok2xx || 0;
  };
  const checkResult = (label, result) => {
    const problems = [];
    if (!result.ok) problems.push(result.error || 'the load generator failed');
    if (result.errors) problems.push(`${result.errors} connection errors ${JSON.stringify(result.errorCounts || {})}`);
    if (result.timeouts) problems.push(`${result.timeouts} timeouts`);
    if (result.non2xx) problems.push(`${result.non2xx} non-2xx responses ${JSON.stringify(result.statusCodes)}`);
    if (result.sent && (result.responses || 0) + (result.errors || 0) < result.sent) problems.push(`${result.sent - (result.responses || 0) - (result.errors || 0)} requests unanswered`);
    if (problems.length) state.failures.push(`${label}: ${problems.join('; ')}`);
  };

  // Sanity: one answer of each kind through both, checked for content.
  for (const t of Object.values(targets)) {
    for (const url of t.urls) {
      for (const stream of [false, true]) {
        const res = await fetch(url, { method: 'POST', headers: t.headers ?? HEADERS, body: stream ? BODY_STREAM : BODY, signal: AbortSignal.timeout(10_000) });
        const text = await res.text();
        // Portkey is a guest here: a kind of answer it cannot relay is left out of its runs, and the report says why.
        if (res.status !== 200 && t.name === 'portkey' && stream) {
          t.noStream = `answers ${res.status} to streams here (${text.slice(0, 120)}; see bench/logs/portkey.log)`;
          log(`Portkey: streams left out: it ${t.noStream}`);
          continue;
        }
        if (res.status !== 200) throw new Error(`sanity request to ${t.name} (${stream ? 'stream' : 'non-stream'}) -> ${res.status}: ${text.slice(0, 300)}`);
        if (stream) {
          const events = text.split('\n\n').filter((e) => e.startsWith('data: '));
          const content = events.filter((e) => e.includes('"delta":{"content"')).length;
          if (content !== opts.chunks || !text.includes('data: [DONE]') || !text.includes('"prompt_tokens":12')) throw new Error(`sanity: ${t.name} stream looks wrong (${content} content events): ${text.slice(0, 400)}`);
        } else {
          const parsed = JSON.parse(text);
          if (!parsed.choices?.[0]?.message?.content || parsed.usage?.prompt_tokens !== 12) throw new Error(`sanity: ${t.name} answer looks wrong: ${text.slice(0, 300)}`);
        }
        record(t, stream, { ok2xx: 1 });
      }
    }
  }
  log('sanity requests OK (content and usage relayed by both)');
  const idle = {
    gatewayRssMb: Math.max(...gateways.map((g) => readProc(g.pid)?.rssKb ?? 0)) / 1024,
    bareRssMb: (readProc(bare.pid)?.rssKb ?? 0) / 1024,
    gatewayHeap: await gatewayHeap(gateways),
  };
  log(`idle after start-up: gateway RSS ${fmt(idle.gatewayRssMb, 0)} MB (heap ${fmt(idle.gatewayHeap.usedMb, 0)}/${fmt(idle.gatewayHeap.totalMb, 0)} MB), bare proxy RSS ${fmt(idle.bareRssMb, 0)} MB`);

  // Warm-up and first throughput estimates.
  const est = { bare: {}, gateway: {}, compare: {}, portkey: {} };
  const D = opts.duration;
  const acJob = (t, label, stream, amount, extra = {}) => ({
    mode: 'autocannon',
    label,
    urls: t.urls,
    connections: opts.connections,
    amount,
    body: stream ? BODY_STREAM : BODY,
    headers: t.headers ?? HEADERS,
    deadlineMs: Math.round(Math.max(30_000, D * 4000 + 20_000)),
    ...extra,
  });
  const warm = opts.quick ? 1500 : 4000;
  for (const t of Object.values(targets)) {
    for (const stream of [false, true]) {
      if (stream && t.noStream) continue;
      const r = await measured(t, upstream, acJob(t, `warmup-${t.name}-${stream ? 'stream' : 'ns'}`, stream, stream ? warm / 2 : warm));
      checkResult(`warm-up ${t.name} ${stream ? 'stream' : 'non-stream'}`, r);
      record(t, stream, r);
      est[t.name][stream ? 'stream' : 'ns'] = r.rps;
    }
  }
  log(`warm-up done: bare ${Math.round(est.bare.ns)} / ${Math.round(est.bare.stream)} req/s, gateway ${Math.round(est.gateway.ns)} / ${Math.round(est.gateway.stream)} req/s (non-stream / stream)`);

  // Rounds: for each test, bare and gateway back to back; the order flips every round.
  if (opts.allocProf) await dumpAllocations(gateways); // drop start-up and warm-up allocations
  const roundsStartCount = counts.gateway2xx;
  // Redis's own CPU (all clients: admissions, settlements, the outbox), per gateway request.
  const redisCpuSeconds = async () => {
    if (!state.redis) return null;
    const info = await state.redis.info('cpu');
    const field = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
    return field('used_cpu_sys') + field('used_cpu_user');
  };
  const redisCpuAtStart = await redisCpuSeconds();
  // PostgreSQL's and the worker's CPU over the rounds too: on one machine they take the same cores.
  const pgMaster = state.db && !opts.embedded ? await postmasterPid(state.db) : null;
  const pgCpuAtStart = pgMaster ? postgresTicks(pgMaster) : null;
  const workerTicks = () => workers.reduce((sum, w) => sum + (readProc(w.pid)?.ticks ?? 0), 0);
  const workerTicksAtStart = workerTicks();
  let sched = null;
  if (opts.schedTrace) {
    if (!process.env.BENCH_SAMPLES) process.env.BENCH_SAMPLES = fs.mkdtempSync(path.join(LOG_DIR, 'samples-'));
    sched = require('./sched-trace').start();
  }
  const runs = [];
  const tests = [
    { id: 'fixed', what: `non-stream, open-loop ${opts.rate} req/s` },
    { id: 'fixed-ac', what: `non-stream, autocannon -R ${opts.rate} -c 10` },
    { id: 'max', what: `non-stream, max throughput (autocannon -c ${opts.connections})` },
    { id: 'max-stream', what: `stream, max throughput (autocannon -c ${opts.connections})` },
  ].filter((test) => !opts.only || opts.only.includes(test.id));
  for (let round = 1; round <= opts.rounds; round++) {
    // With --compare, the three take turns in a rotating order, so neither build always runs first.
    const order = targets.compare ? ['bare', 'gateway', 'compare'].map((_, i, a) => a[(i + round - 1) % 3]) : round % 2 ? ['bare', 'gateway'] : ['gateway', 'bare'];
    if (targets.portkey) order.push('portkey');
    for (const test of tests) {
      for (const name of order) {
        const t = targets[name];
        if (test.id === 'max-stream' && t.noStream) continue;
        const label = `r${round}-${test.id}-${name}`;
        let job;
        if (test.id === 'fixed') {
          job = { mode: 'paced', label, urls: t.urls, rate: opts.rate, durationS: D, warmupS: PACED_WARMUP_S, connections: 32, body: BODY, headers: t.headers ?? HEADERS, deadlineMs: (D + PACED_WARMUP_S) * 1000 + 30_000 };
        } else if (test.id === 'fixed-ac') {
          job = acJob(t, label, false, opts.rate * D, { rate: opts.rate, connections: 10 });
        } else {
          const stream = test.id === 'max-stream';
          const rate = est[name][stream ? 'stream' : 'ns'];
          job = acJob(t, label, stream, Math.round(Math.min(Math.max(rate * D, 500), 50_000 * D)));
        }
        let r = await measured(t, upstream, job);
        checkResult(label, r);
        record(t, test.id === 'max-stream', r);
        if (test.id === 'max' || test.id === 'max-stream') {
          const key = test.id === 'max' ? 'ns' : 'stream';
          // A run much shorter than asked (the estimate came from a colder or slower run) is
          // mostly ramp-up: run it again, sized on the rate it just reached (at most twice).
          for (let retry = 0; retry < 2 && r.elapsedMs < D * 600 && r.rps > est[name][key] * 1.2; retry++) {
            est[name][key] = r.rps;
            log(`${label}: ${Math.round(r.elapsedMs)} ms only, running it again with ${Math.round(r.rps * D)} requests`);
            r = await measured(t, upstream, { ...job, amount: Math.round(Math.min(r.rps * D, 50_000 * D)) });
            checkResult(label, r);
            record(t, test.id === 'max-stream', r);
          }
          est[name][key] = r.rps;
        }
        runs.push({ round, test: test.id, target: name, result: r, noStream: t.noStream });
        const lat = r.latencyMs || {};
        log(
          `${label.padEnd(26)} ${String(Math.round(r.rps ?? r.achievedRate ?? 0)).padStart(6)} req/s  p50 ${fmt(lat.p50, 3)} ms  p99 ${fmt(lat.p99, 3)} ms  cpu ${fmt(r.cpuUsPerReq, 0)} µs/req  syscalls ${fmt(r.syscallsPerReq, 2)}/req  rss ${fmt(r.rssPeakMb, 0)} MB${r.heap ? ` (heap ${fmt(r.heap.usedMb, 0)}/${fmt(r.heap.totalMb, 0)} MB)` : ''}${r.errors || r.non2xx ? `  ERRORS ${r.errors}/${r.non2xx}` : ''}`,
        );
      }
    }
  }

  let schedMd = null;
  if (sched) {
    // Each open-loop run's samples file is named after its label and load generator (the newest wins).
    const dir = process.env.BENCH_SAMPLES;
    const fileOf = (label) => fs.readdirSync(dir).filter((f) => f.startsWith(`${label.replace(/\W+/g, '-')}-`)).map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
    const paced = runs.filter((r) => r.test === 'fixed').map((r) => {
      const label = `r${r.round}-fixed-${r.target}`;
      return { label, targetProcess: targets[r.target].children[0].name, samplesFile: fileOf(label) };
    });
    const processes = [upstream, bare, ...gateways, ...(compared ? [compared] : []), ...workers, ...(portkey ? [portkey] : [])];
    schedMd = await require('./sched-trace').attribute({ handle: sched, cpu: PIN ? SERVER_CORE : 0, processes, runs: paced.filter((r) => r.samplesFile), warmupMs: PACED_WARMUP_S * 1000 });
    log(`scheduler trace:\n${schedMd}`);
  }

  let allocMd = null;
  if (opts.allocProf) {
    await dumpAllocations(gateways);
    const { summariseHeap, heapToMarkdown } = require('./profile');
    const requests = Math.round((counts.gateway2xx - roundsStartCount) / gateways.length);
    const parts = gateways.map((g) => heapToMarkdown(summariseHeap(g.allocFile, requests), 25, `allocations during the rounds — ${path.relative(ROOT, g.allocFile)}`));
    allocMd = parts.join('\n');
  }

  // Let the usage writer drain (it batches every 200 ms), then check every request was charged and logged.
  log(`waiting for the usage writer: expecting ${counts.gateway2xx} usage rows…`);
  const verification = await verify({ counts, userId, grantMicros: GRANT_USD * 1e6, gateways: compared ? [...gateways, compared] : gateways, token });
  const redisCpuAtEnd = await redisCpuSeconds();
  const roundRequests = Math.max(1, counts.gateway2xx - roundsStartCount);
  verification.redisUsPerReq = redisCpuAtStart === null ? null : ((redisCpuAtEnd - redisCpuAtStart) * 1e6) / roundRequests;
  const ticksUs = (ticks) => (ticks * 1e6) / CLK_TCK / roundRequests;
  verification.pgUsPerReq = pgMaster ? ticksUs(postgresTicks(pgMaster) - pgCpuAtStart) : null;
  verification.workerUsPerReq = workers.length ? ticksUs(workerTicks() - workerTicksAtStart) : null;
  for (const p of verification.problems) state.failures.push(p);

  // Profiles: stop the gateways so --cpu-prof writes them, then summarise the load windows.
  let profileMd = null;
  if (opts.cpuProf) {
    for (const g of gateways) await stopChild(g, 20_000);
    profileMd = summariseProfiles(runs, profStartedAt, gateways.length);
  }

  let report = buildReport({ runs, tests, placement, verification, counts, distBuiltAt, profileMd, allocMd, schedMd, idle });
  if (compareBuild) report += require('./compare').compareMd(runs, { ref: opts.compare, commit: compareBuild.commit, measured: opts.builtCommit ?? (opts.build ? 'the working tree' : 'dist/') });
  fs.writeFileSync(opts.out, report);
  fs.writeFileSync(path.join(BENCH, 'results.raw.json'), JSON.stringify({ opts, runs, verification, counts, placement }, null, 2));
  log(`wrote ${path.relative(ROOT, opts.out)}`);
  console.log(`\n${report}`);
}

/** Ask each gateway (under --alloc-prof) to write its allocation profile so far and start a new one. */
async function dumpAllocations(gateways) {
  for (const g of gateways) {
    const before = fs.existsSync(g.allocFile) ? fs.statSync(g.allocFile).mtimeMs : 0;
    process.kill(g.pid, 'SIGWINCH');
    await waitFor(`the allocation profile of ${g.name}`, () => fs.existsSync(g.allocFile) && fs.statSync(g.allocFile).mtimeMs > before, 30_000);
    await sleep(200);
  }
}

function fmt(v, digits = 2) {
  return v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits);
}

/** Whether apps/, libs/ or migrations/ differ from HEAD (what a --build run measured). */
function dirtyTree() {
  const r = spawnSync('git', ['status', '--porcelain', '--', 'apps/api', 'libs', 'migrations'], { cwd: ROOT });
  return r.status === 0 && r.stdout.toString().trim().length > 0;
}

function newestSource(dirs, than) {
  let found = null;
  const deadline = Date.now() + 5000;
  const walk = (dir) => {
    if (found || Date.now() > deadline) return;
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (found) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== '__fixtures__') walk(p);
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && fs.statSync(p).mtimeMs > than) found = path.relative(ROOT, p);
    }
  };
  for (const d of dirs) walk(path.join(ROOT, d));
  return found;
}

// ---------------------------------------------------------------------------- verification
async function verify({ counts, userId, grantMicros, gateways, token }) {
  const db = state.db;
  const redis = state.redis;
  const P = state.redisPrefix;
  const problems = [];
  const expected = counts.gateway2xx;
  const rowCount = async () => Number((await db.query('SELECT count(*)::bigint AS n FROM usage_logs')).rows[0].n);
  // Embedded: the outbox is a file the gateway drains itself; the row count settling says it did.
  const pending = async () => (redis ? (await redis.llen(`${P}usage:outbox`)) + (await redis.zcard(`${P}usage:claims`)) : 0);
  const started = Date.now();
  let rows = 0;
  let left = 0;
  while (Date.now() - started < 60_000) {
    rows = await rowCount();
    left = await pending();
    if (rows >= expected && left === 0) break;
    await sleep(250);
  }
  await sleep(600); // one more writer tick: nothing more should arrive
  rows = await rowCount();
  left = await pending();
  const drainMs = Date.now() - started;
  log(`usage rows ${rows} (expected ${expected}), outbox ${left}, after ${drainMs} ms`);
  if (rows !== expected) problems.push(`usage_logs has ${rows} rows but the load generators counted ${expected} successful gateway responses`);
  if (left) problems.push(`${left} usage records are still in the Redis outbox after 60 s`);

  const q = async (sql, params = []) => (await db.query(sql, params)).rows[0];
  const stats = await q(`
    SELECT count(*) FILTER (WHERE status <> 200)::int AS not_ok,
           count(*) FILTER (WHERE cost_micros <= 0)::int AS free,
           count(*) FILTER (WHERE stream)::int AS streams,
           count(*) FILTER (WHERE prompt_tokens <> 12 OR completion_tokens <> $1)::int AS wrong_tokens,
           count(DISTINCT cost_micros)::int AS distinct_costs,
           COALESCE(sum(cost_micros), 0)::bigint AS cost,
           min(cost_micros)::bigint AS min_cost, max(cost_micros)::bigint AS max_cost
    FROM usage_logs`, [opts.chunks * 2]);
  const unmatched = await q(`
    SELECT count(*)::int AS n FROM usage_logs u
    WHERE NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.type = 'charge' AND l.request_id = u.request_id AND l.amount_micros = -u.cost_micros)`);
  const ledger = await q(`SELECT count(*) FILTER (WHERE type = 'charge')::int AS charges, COALESCE(sum(amount_micros), 0)::bigint AS total FROM ledger_entries WHERE user_id = $1`, [userId]);
  const user = await q('SELECT balance_micros::bigint AS b FROM users WHERE id = $1', [userId]);
  const key = await q('SELECT COALESCE(sum(quota_used_micros), 0)::bigint AS used FROM api_keys WHERE user_id = $1', [userId]);
  const cost = Number(stats.cost);
  const expectedCostEach = Math.floor((12 * 1e6 + opts.chunks * 2 * 2e6 + 500_000) / 1e6);
  const dbBalance = Number(user.b);
  const redisBal = redis ? await redis.hmget(`${P}bal:${userId}`, 'b', 'r') : [String(dbBalance), '0'];
  const holds = redis ? await redis.zcard(`${P}holds`) : 0;

  if (stats.not_ok) problems.push(`${stats.not_ok} usage rows have a status other than 200`);
  if (stats.free) problems.push(`${stats.free} usage rows were not charged (cost_micros = 0)`);
  if (stats.wrong_tokens) problems.push(`${stats.wrong_tokens} usage rows have tokens other than the upstream's usage (12 in, ${opts.chunks * 2} out)`);
  if (rows && (Number(stats.min_cost) !== expectedCostEach || Number(stats.max_cost) !== expectedCostEach)) problems.push(`costs range ${stats.min_cost}..${stats.max_cost} µ$, expected ${expectedCostEach} each`);
  if (stats.streams !== counts.gatewayStream2xx) problems.push(`usage_logs has ${stats.streams} stream rows, the load generators counted ${counts.gatewayStream2xx} successful streams`);
  if (unmatched.n) problems.push(`${unmatched.n} usage rows have no matching ledger charge`);
  if (ledger.charges !== rows) problems.push(`${ledger.charges} ledger charges for ${rows} usage rows`);
  if (dbBalance !== grantMicros - cost) problems.push(`users.balance_micros ${dbBalance} != granted ${grantMicros} - charged ${cost}`);
  if (Number(ledger.total) !== dbBalance) problems.push(`the ledger sums to ${ledger.total} but users.balance_micros is ${dbBalance}`);
  if (Number(key.used) !== cost) problems.push(`api_keys.quota_used_micros ${key.used} != charged ${cost}`);
  if (Number(redisBal[0]) !== dbBalance) problems.push(`the Redis balance ${redisBal[0]} != the database balance ${dbBalance}`);
  if (Number(redisBal[1] || 0) !== 0) problems.push(`${redisBal[1]} µ$ still held in Redis after every request ended`);
  if (holds) problems.push(`${holds} holds left in Redis`);

  // Each replica reports the same balance (one shared balance).
  const replicaBalances = [];
  for (const g of gateways) {
    const c = await api(g.base, 'GET', '/api/v1/users/me/credits', undefined, token);
    replicaBalances.push(c.balanceUsd);
  }
  const expectedUsd = dbBalance / 1e6;
  if (replicaBalances.some((b) => Math.abs(b - expectedUsd) > 1e-6)) problems.push(`replicas report balances ${replicaBalances.join(', ')} USD, expected ${expectedUsd}`);

  return { problems, rows, expected, drainMs, streams: stats.streams, cost, costEach: expectedCostEach, dbBalance, redisBalance: Number(redisBal[0]), replicaBalances, charges: ledger.charges, unmatched: unmatched.n };
}

// ---------------------------------------------------------------------------- profiles
function summariseProfiles(runs, since, replicas) {
  const { summarise, toMarkdown } = require('./profile');
  const files = fs
    .readdirSync(PROFILE_DIR)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(PROFILE_DIR, f))
    .filter((f) => fs.statSync(f).mtimeMs >= since);
  if (!files.length) {
    state.warnings.push('--cpu-prof: no profile was written');
    return null;
  }
  const windowsOf = (test) =>
    runs
      .filter((r) => r.target === 'gateway' && (!test || r.test === test))
      .map((r) => ({ startUs: r.result.window.startUs, endUs: r.result.window.endUs, requests: Math.round((r.result.responses || 0) / replicas), label: `${r.round}-${r.test}` }));
  const parts = [];
  const full = [];
  for (const file of files) {
    const name = path.relative(ROOT, file);
    const all = summarise(file, windowsOf(null));
    if (all.totalUs === 0) {
      state.warnings.push(`${name}: no samples inside the load windows (clock mismatch?)`);
      continue;
    }
    for (const [test, title] of [
      ['max', 'non-stream, max throughput'],
      ['max-stream', 'stream, max throughput'],
      ['fixed', `non-stream, ${opts.rate} req/s`],
    ]) {
      const s = summarise(file, windowsOf(test));
      parts.push(toMarkdown(s, 15, `${title} — ${name}`));
      full.push(toMarkdown(s, 60, `${title} — ${name}`));
    }
  }
  fs.writeFileSync(path.join(PROFILE_DIR, 'summary.md'), `# Gateway CPU profiles (self time inside the load windows)\n\n${full.join('\n')}`);
  return parts.join('\n');
}

// ---------------------------------------------------------------------------- report
function buildReport({ runs, tests, placement, verification, counts, distBuiltAt, profileMd, allocMd, schedMd, idle }) {
  const pick = (test, target, f) => median(runs.filter((r) => r.test === test && r.target === target).map((r) => f(r.result)));
  const rps = (r) => r.rps;
  const p50 = (r) => r.latencyMs?.p50;
  const p99 = (r) => r.latencyMs?.p99;
  const cpu = (r) => r.cpuUsPerReq;
  const ok = (b) => (b ? 'yes' : '**NO**');
  const rows = [];
  const m = {
    nsBare: pick('max', 'bare', rps),
    nsGw: pick('max', 'gateway', rps),
    stBare: pick('max-stream', 'bare', rps),
    stGw: pick('max-stream', 'gateway', rps),
    p50Bare: pick('fixed', 'bare', p50),
    p50Gw: pick('fixed', 'gateway', p50),
    p99Bare: pick('fixed', 'bare', p99),
    p99Gw: pick('fixed', 'gateway', p99),
    acP50Bare: pick('fixed-ac', 'bare', p50),
    acP50Gw: pick('fixed-ac', 'gateway', p50),
    acP99Bare: pick('fixed-ac', 'bare', p99),
    acP99Gw: pick('fixed-ac', 'gateway', p99),
  };
  const rssGw = Math.max(...runs.filter((r) => r.target === 'gateway').map((r) => r.result.rssPeakMb || 0));
  const rssBare = Math.max(...runs.filter((r) => r.target === 'bare').map((r) => r.result.rssPeakMb || 0));
  const errors = (target) => runs.filter((r) => r.target === target).reduce((s, r) => s + (r.result.errors || 0) + (r.result.non2xx || 0) + (r.result.timeouts || 0), 0);
  // What the ratio would be if the shared server core were the only limit: core time per request,
  // server + fake upstream, bare over gateway (less sensitive to a busy machine than req/s).
  const coreRatio = (test) => {
    const per = (target) => pick(test, target, (r) => (r.cpuUsPerReq ?? NaN) + (r.upstreamCpuUsPerReq ?? NaN));
    return per('bare') / per('gateway');
  };
  const nsRatio = m.nsGw / m.nsBare;
  const stRatio = m.stGw / m.stBare;
  const d50 = m.p50Gw - m.p50Bare;
  const d99 = m.p99Gw - m.p99Bare;
  const charged = verification.problems.length === 0;
  const verdicts = {
    ns: nsRatio >= 0.6,
    st: stRatio >= 0.6,
    p50: d50 <= 0.5,
    p99: d99 <= 5,
    rss: rssGw <= 200,
    errors: errors('gateway') === 0 && errors('bare') === 0,
    charged,
  };
  state.targetsMet = Object.values(verdicts).every(Boolean);
  rows.push('| measure | bare proxy | gateway | gateway vs bare | target | met |');
  rows.push('|---|---:|---:|---:|---|:---:|');
  rows.push(`| non-stream, max throughput (req/s) | ${fmt(m.nsBare, 0)} | ${fmt(m.nsGw, 0)} | **${fmt(nsRatio, 2)}×** (core time: ${fmt(coreRatio('max'), 2)}×) | ≥ 0.60× | ${ok(verdicts.ns)} |`);
  rows.push(`| stream (${opts.chunks} chunks + usage), max throughput (req/s) | ${fmt(m.stBare, 0)} | ${fmt(m.stGw, 0)} | **${fmt(stRatio, 2)}×** (core time: ${fmt(coreRatio('max-stream'), 2)}×) | ≥ 0.60× | ${ok(verdicts.st)} |`);
  rows.push(`| p50 at ${opts.rate} req/s, open-loop (ms) | ${fmt(m.p50Bare, 3)} | ${fmt(m.p50Gw, 3)} | **+${fmt(d50, 3)} ms** | ≤ +0.5 ms | ${ok(verdicts.p50)} |`);
  rows.push(`| p99 at ${opts.rate} req/s, open-loop (ms) | ${fmt(m.p99Bare, 3)} | ${fmt(m.p99Gw, 3)} | **+${fmt(d99, 3)} ms** | ≤ +5 ms (goal +2) | ${ok(verdicts.p99)} |`);
  rows.push(`| p50 / p99 at ${opts.rate} req/s, autocannon -R (bursty; ms) | ${fmt(m.acP50Bare, 3)} / ${fmt(m.acP99Bare, 3)} | ${fmt(m.acP50Gw, 3)} / ${fmt(m.acP99Gw, 3)} | +${fmt(m.acP50Gw - m.acP50Bare, 3)} / +${fmt(m.acP99Gw - m.acP99Bare, 3)} ms | (information) | |`);
  rows.push(`| errors, timeouts, non-2xx (all runs) | ${errors('bare')} | ${errors('gateway')} | | 0 | ${ok(verdicts.errors)} |`);
  rows.push(`| RSS, peak under load (MB${opts.replicas > 1 ? ', largest replica' : ''}) | ${fmt(rssBare, 0)} | ${fmt(rssGw, 0)} | | ≤ 200 MB | ${ok(verdicts.rss)} |`);
  const heapPeak = Math.max(...runs.filter((r) => r.target === 'gateway').map((r) => r.result.heap?.usedMb || 0));
  rows.push(`| RSS idle after start-up (MB); gateway V8 heap used idle → largest seen after a run | ${fmt(idle.bareRssMb, 0)} | ${fmt(idle.gatewayRssMb, 0)}; heap ${fmt(idle.gatewayHeap.usedMb, 0)} → ${fmt(heapPeak, 0)} MB | | | |`);
  rows.push(`| CPU per request, non-stream max (µs) | ${fmt(pick('max', 'bare', cpu), 0)} | ${fmt(pick('max', 'gateway', cpu), 0)} | +${fmt(pick('max', 'gateway', cpu) - pick('max', 'bare', cpu), 0)} µs | (budget ≈ 120 µs) | |`);
  rows.push(`| CPU per request, stream max (µs) | ${fmt(pick('max-stream', 'bare', cpu), 0)} | ${fmt(pick('max-stream', 'gateway', cpu), 0)} | +${fmt(pick('max-stream', 'gateway', cpu) - pick('max-stream', 'bare', cpu), 0)} µs | (budget ≈ 200 µs) | |`);
  rows.push(`| CPU per request at ${opts.rate} req/s (µs) | ${fmt(pick('fixed', 'bare', cpu), 0)} | ${fmt(pick('fixed', 'gateway', cpu), 0)} | | | |`);
  rows.push(
    `| gateway's own time, Server-Timing \`gw;dur\` at ${opts.rate} req/s (p50 / p99 ms) | | ${fmt(pick('fixed', 'gateway', (r) => r.serverTimingGwMs?.p50), 3)} / ${fmt(pick('fixed', 'gateway', (r) => r.serverTimingGwMs?.p99), 3)} | | | |`,
  );
  if (verification.pgUsPerReq !== null) rows.push(`| PostgreSQL CPU per gateway request (µs; the usage writer's batches: usage row, ledger charge, balances — every process of the local server) | | ${fmt(verification.pgUsPerReq, 1)} | | | |`);
  if (verification.workerUsPerReq !== null) rows.push(`| worker CPU per gateway request (µs; draining the outbox into PostgreSQL) | | ${fmt(verification.workerUsPerReq, 1)} | | | |`);
  if (verification.redisUsPerReq !== null) rows.push(`| Redis CPU per gateway request (µs; admission, settlement, outbox — every replica and the worker) | | ${fmt(verification.redisUsPerReq, 1)} | | | |`);
  rows.push(`| requests charged and logged | | ${verification.rows} of ${verification.expected} | | all | ${ok(charged)} |`);
  if (runs.some((r) => r.target === 'portkey')) {
    const pk = { ns: pick('max', 'portkey', rps), st: pick('max-stream', 'portkey', rps) };
    rows.push('');
    rows.push(`Portkey ${PORTKEY_VERSION} (\`--portkey\`: its open-source gateway, OpenAI provider, pointed at the same fake upstream, on the same core; no keys, limits, billing or logging):`);
    rows.push('');
    rows.push('| measure | Portkey | gateway | gateway ÷ Portkey | target | met |');
    rows.push('|---|---:|---:|---:|---|:---:|');
    rows.push(`| non-stream, max throughput (req/s) | ${fmt(pk.ns, 0)} | ${fmt(m.nsGw, 0)} | **${fmt(m.nsGw / pk.ns, 1)}×** | ≥ 5× | ${ok(m.nsGw / pk.ns >= 5)} |`);
    const pkNoStream = runs.find((r) => r.target === 'portkey')?.noStream;
    if (pkNoStream) rows.push(`| stream, max throughput (req/s) | — (${pkNoStream}) | ${fmt(m.stGw, 0)} | | ≥ 5× | |`);
    else rows.push(`| stream, max throughput (req/s) | ${fmt(pk.st, 0)} | ${fmt(m.stGw, 0)} | **${fmt(m.stGw / pk.st, 1)}×** | ≥ 5× | ${ok(m.stGw / pk.st >= 5)} |`);
    rows.push(`| p50 / p99 at ${opts.rate} req/s, open-loop (ms) | ${fmt(pick('fixed', 'portkey', p50), 3)} / ${fmt(pick('fixed', 'portkey', p99), 3)} | ${fmt(m.p50Gw, 3)} / ${fmt(m.p99Gw, 3)} | | | |`);
    rows.push(`| CPU per request, non-stream / stream max (µs) | ${fmt(pick('max', 'portkey', cpu), 0)} / ${fmt(pick('max-stream', 'portkey', cpu), 0)} | ${fmt(pick('max', 'gateway', cpu), 0)} / ${fmt(pick('max-stream', 'gateway', cpu), 0)} | | | |`);
    rows.push(`| RSS, peak under load (MB) | ${fmt(Math.max(...runs.filter((r) => r.target === 'portkey').map((r) => r.result.rssPeakMb || 0)), 0)} | ${fmt(rssGw, 0)} | | | |`);
  }

  const perRound = ['| round | run | target | req/s | p50 ms | p99 ms | server CPU µs/req | read+write syscalls/req | upstream CPU µs/req | RSS peak MB |', '|---:|---|---|---:|---:|---:|---:|---:|---:|---:|'];
  for (const r of runs) {
    const x = r.result;
    perRound.push(`| ${r.round} | ${r.test} | ${r.target} | ${fmt(x.rps ?? x.achievedRate, 0)} | ${fmt(x.latencyMs?.p50, 3)} | ${fmt(x.latencyMs?.p99, 3)} | ${fmt(x.cpuUsPerReq, 0)} | ${fmt(x.syscallsPerReq, 2)} | ${fmt(x.upstreamCpuUsPerReq, 0)} | ${fmt(x.rssPeakMb, 0)} |`);
  }
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    /* not a checkout */
  }
  const lines = [
    '# Gateway benchmark',
    '',
    `Generated by \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` on ${new Date().toISOString()} (${opts.variant}): ${opts.rounds} round(s), ${opts.duration} s per run, medians over rounds; ${opts.replicas} gateway replica(s), ${opts.embedded ? '**embedded mode** (no DATABASE_URL / REDIS_URL: embedded PostgreSQL, in-process queues), ' : ''}usage rows written by ${opts.usageWriter === 'worker' ? 'the worker process' : 'the gateway itself'}${opts.cpuProf ? ', **gateway under --cpu-prof (slower)**' : ''}${opts.gatewayNodeArgs.length ? `, gateway node flags \`${opts.gatewayNodeArgs.join(' ')}\`` : ''}.`,
    `Node ${process.version}, ${NCPU} CPUs (${os.cpus()[0]?.model?.trim() ?? '?'}), load average at the end ${load}; ${opts.builtCommit ? `built from commit ${opts.builtCommit} (git archive ${opts.buildRef})` : `commit ${commit || '?'}${opts.build && dirtyTree() ? ' plus uncommitted changes' : ''}`}, gateway build ${path.relative(ROOT, MAIN_JS)} of ${distBuiltAt}.`,
    '',
    'The gateway ran its full path: API key auth, rpm/tpm limits and the credit hold in one Redis call, upstream call through its undici pool, settlement and the usage record (Redis outbox, batched into PostgreSQL), Prometheus metrics. The bare proxy is node:http + an undici pool with no logic (the floor). Both sit in front of the same fake upstream (pre-serialised OpenAI answers; streams of ' +
      `${opts.chunks} content chunks, a finish chunk, a usage chunk and [DONE]).`,
    '',
    '## Results',
    '',
    ...rows,
    '',
    `Verification: ${verification.rows} usage rows for ${verification.expected} successful gateway responses (${verification.streams} streams), each charged ${verification.costEach} µ$ with a matching ledger charge; balance ${verification.dbBalance} µ$ in PostgreSQL${opts.embedded ? ' (embedded)' : `, ${verification.redisBalance} µ$ in Redis`}${verification.replicaBalances.length > 1 ? `, ${verification.replicaBalances.map((b) => `$${b}`).join(' / ')} reported by the ${verification.replicaBalances.length} replicas` : ''}; the usage writer drained in ${verification.drainMs} ms.`,
    verification.problems.length ? `\n**Verification failed:**\n${verification.problems.map((p) => `- ${p}`).join('\n')}` : '',
    state.failures.length ? `\n**Failures:**\n${state.failures.map((p) => `- ${p}`).join('\n')}` : '',
    state.warnings.length ? `\nWarnings:\n${state.warnings.map((p) => `- ${p}`).join('\n')}` : '',
    '',
    '## How to read it',
    '',
    '- *max throughput*: autocannon with a fixed number of requests (≈ the run length at the last measured rate), so every request sent is answered and counted. The ratio is gateway ÷ bare; the target is ≥ 0.6.',
    `- *open-loop ${opts.rate} req/s*: a request every ${(1000 / opts.rate).toFixed(2)} ms whatever the answers (bench/load.js, undici), latency from sending to the last byte; each run first sends ${PACED_WARMUP_S} s at the same rate whose latencies are not counted (the load generator's own start: its connections opening, its code not yet optimised). This is the figure the p50/p99 targets apply to. autocannon's own \`-R\` paces per connection per second, i.e. sends each second's quota in a burst, so its row measures latency under bursts of ${opts.rate} requests (for information).`,
    '- *CPU per request*: the process\'s user + system CPU time (/proc) over the run divided by the requests served; the gateway and the bare proxy share their core with the fake upstream, whose cost is the same for both. *core time* ratio: (bare + upstream CPU per request) ÷ (gateway + upstream CPU per request), i.e. the throughput ratio the shared core would allow if nothing else ran on it; on a busy machine it is steadier than req/s.',
    '- *Server-Timing `gw;dur`*: the gateway\'s own time per request (total minus the upstream call), as it reports it.',
    '- *read+write syscalls/req* (per-round table): the read and write system calls of the server process (/proc/PID/io: sockets and files) over the run divided by the requests served. A count, so the machine\'s speed does not move it; on a VM where a loopback write costs tens of µs it predicts throughput better than a timed figure does.',
    '',
    '## Placement',
    '',
    '| process | pid | cores | command |',
    '|---|---|---|---|',
    ...placement.map((p) => `| ${p.name} | ${p.pid} | ${p.cpus} | \`${p.command}\` |`),
    '',
    'The machine may be shared (other jobs, PostgreSQL and Redis are not pinned): runs are interleaved bare/gateway and the order flips every round; the figures are medians over rounds.',
    '',
    '## Runs',
    '',
    ...tests.map((t) => `- \`${t.id}\`: ${t.what}`),
    '',
    ...perRound,
    '',
  ];
  if (schedMd) lines.push('## Who held the server core during the slow requests (`--sched-trace`)', '', schedMd, '');
  if (allocMd) lines.push('## Gateway allocations (sampling heap profiler, collected objects included)', '', allocMd, '');
  if (profileMd) lines.push('## Gateway CPU profile (self time during the load runs)', '', profileMd, '', `Full tables: bench/profiles/summary.md.`, '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------- cleanup
let cleaning = null;
async function cleanup() {
  cleaning ??= (async () => {
    for (const c of [...children].reverse()) await stopChild(c, c.name.startsWith('gateway') ? 15_000 : 3000);
    if (opts.schedTrace) require('./sched-trace').stop();
    try {
      await state.db?.end();
    } catch {
      /* already closed */
    }
    if (state.dataDir && !opts.keepDb) fs.rmSync(state.dataDir, { recursive: true, force: true });
    if (!opts.keepDb && state.dbName) {
      try {
        const { Client } = require('pg');
        const c = new Client({ connectionString: `${PG_ADMIN_URL}/postgres` });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${state.dbName} WITH (FORCE)`);
        await c.end();
      } catch (e) {
        console.error(`bench: could not drop ${state.dbName}: ${e.message}`);
      }
    }
    if (state.redis) {
      try {
        if (!opts.keepDb) {
          let cursor = '0';
          const until = Date.now() + 20_000;
          do {
            const [next, keys] = await state.redis.scan(cursor, 'MATCH', `${state.redisPrefix}*`, 'COUNT', 1000);
            if (keys.length) await state.redis.del(...keys);
            cursor = next;
          } while (cursor !== '0' && Date.now() < until);
        }
        state.redis.disconnect();
      } catch (e) {
        console.error(`bench: redis cleanup: ${e.message}`);
      }
    }
    if (opts.keepDb && state.dbName) log(`kept database ${state.dbName} and Redis keys ${state.redisPrefix}*`);
  })();
  return cleaning;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    console.error(`\nbench: ${sig}, stopping…`);
    cleanup().finally(() => process.exit(130));
  });
}

// Every run is bounded: the whole benchmark gets a deadline too.
const budgetMs = (opts.quick ? 5 : 20) * 60_000 + opts.rounds * opts.duration * 12 * 1000;
const watchdog = setTimeout(() => {
  console.error(`\nbench: FAILED: did not finish within ${Math.round(budgetMs / 1000)} s`);
  cleanup().finally(() => process.exit(1));
}, budgetMs);

main()
  .then(async () => {
    clearTimeout(watchdog);
    await cleanup();
    if (state.failures.length) {
      console.error(`\nBENCH FAILED (${state.failures.length} problem(s)):\n${state.failures.map((f) => `  - ${f}`).join('\n')}`);
      process.exit(1);
    }
    if (opts.strict && !state.targetsMet) {
      console.error('\nBENCH: a performance target was missed (--strict)');
      process.exit(1);
    }
    log('OK: no errors; every gateway request was charged and logged');
    process.exit(0);
  })
  .catch(async (e) => {
    clearTimeout(watchdog);
    console.error(`\nBENCH FAILED: ${e.stack || e.message}`);
    await cleanup();
    process.exit(1);
  });
