// Smoke test of a running deployment (used by scripts/docker-ci.sh):
//   node scripts/docker-smoke.mjs API_URL WORKER_URL            the images, side by side
//   node scripts/docker-smoke.mjs LB_URL --compose PROMETHEUS_URL the compose stack, through nginx
// Health, the console, an admin login, a gateway call through the mock provider, /metrics (not
// published by nginx), the worker's health; with --compose, logins spread over the replicas
// (the caller counts them per replica) and every Prometheus target up.
const [base, second, third] = process.argv.slice(2);
const compose = second === '--compose';
const ADMIN = { email: 'admin@example.com', password: 'ci-admin-password' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, check, seconds = 120) {
  for (let i = 0; i < seconds; i++) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    await sleep(1000);
  }
  throw new Error(`${what}: not within ${seconds} s`);
}
async function call(path, { token, body, method } = {}) {
  const res = await fetch(`${base}${path}`, {
    method: method ?? (body ? 'POST' : 'GET'),
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method ?? (body ? 'POST' : 'GET')} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return { res, json: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text };
}
const ok = (what) => console.log(`   ✓ ${what}`);

await until('health', async () => (await fetch(`${base}/api/v1/health/ready`)).ok);
ok('ready (database and Redis up)');
const page = await call('/');
if (!page.res.headers.get('content-type')?.includes('text/html')) throw new Error('the console is not served at /');
ok('console at /');

const { json: session } = await call('/api/v1/auth/login', { body: ADMIN });
const token = session.accessToken;
ok('admin login');
const suffix = Date.now().toString(36);
const provider = (await call('/api/v1/providers', { token, body: { name: `mock-${suffix}`, type: 'mock' } })).json;
const model = `smoke-${suffix}`;
await call('/api/v1/models', { token, body: { name: model, targets: [{ providerId: provider.id, upstreamModel: 'mock-small' }], inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2 } });
await call('/api/v1/admin/credits/grant', { token, body: { userId: session.user.id, amountUsd: 1 } });
const key = (await call('/api/v1/keys', { token, body: { name: `smoke-${suffix}` } })).json.key;
// Replicas hear of a new model through Redis at once; allow a moment for the registry reload.
await until('gateway call', async () => {
  const res = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello from the smoke test' }] }),
  });
  const body = await res.json();
  return res.ok && body.choices?.[0]?.message?.content;
}, 30);
ok('gateway call through the mock provider');

if (!compose) {
  const metrics = await call('/metrics');
  if (!String(metrics.json).includes('gateway_requests_total')) throw new Error('/metrics lacks gateway_requests_total');
  ok('/metrics');
  await until('worker health', async () => (await fetch(`${second}/health`)).ok, 60);
  const workerMetrics = await fetch(`${second}/metrics`);
  if (!workerMetrics.ok) throw new Error(`worker /metrics: ${workerMetrics.status}`);
  ok('worker /health and /metrics');
} else {
  // Below the per-address login throttle (10 a minute, with the login above): nginx passes the client's address on.
  for (let i = 0; i < 8; i++) await call('/api/v1/auth/login', { body: ADMIN });
  ok('8 logins through nginx');
  const metrics = await fetch(`${base}/metrics`);
  if (metrics.status !== 404) throw new Error(`nginx publishes /metrics (${metrics.status})`);
  ok('/metrics not published by nginx');
  let targets = [];
  await until('prometheus targets up', async () => {
    const res = await fetch(`${third}/api/v1/targets`);
    targets = (await res.json()).data.activeTargets;
    return targets.length > 0 && targets.every((t) => t.health === 'up');
  }, 90).catch((e) => {
    throw new Error(`${e.message}: ${JSON.stringify(targets.map((t) => [t.scrapeUrl, t.health, t.lastError]))}`);
  });
  ok(`prometheus: ${targets.length} targets up (${[...new Set(targets.map((t) => t.labels.job))].join(', ')})`);
}
console.log('   smoke test passed');
