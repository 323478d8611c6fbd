'use strict';
// The load generator, run by bench/run.js as its own process (pinned with taskset to the
// load core). One job per invocation: argv[2] is a JSON job, the last stdout line is the
// JSON result. Every run is bounded in time (the job's deadlineMs, then it gives up).
//
// Jobs:
//   {mode:'autocannon', urls, connections, amount, rate?, body, headers, deadlineMs}
//     autocannon with a fixed number of requests (so every request it sent is also
//     counted: nothing is left in flight when it stops). `rate` = autocannon's overallRate
//     (note: autocannon paces per connection per second, i.e. in bursts).
//   {mode:'paced', urls, rate, durationS, warmupS?, connections, body, headers, deadlineMs}
//     open-loop at a steady rate (a request every 1/rate s, wrk2-style, without waiting
//     for answers), latency from send to the last body byte; also reads Server-Timing. The
//     first warmupS seconds are sent at the same rate but left out of the latencies: they
//     time this process's own start (its connections opening, its code not yet optimised),
//     which put the bare proxy's p99 at 25-100 ms in runs whose steady p99 was 4-12 ms.
const { performance } = require('node:perf_hooks');

const job = JSON.parse(process.argv[2]);

function percentiles(values) {
  const a = Float64Array.from(values).sort();
  const at = (p) => (a.length ? a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))] : null);
  return { n: a.length, p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max: a.length ? a[a.length - 1] : null, mean: a.length ? a.reduce((s, v) => s + v, 0) / a.length : null };
}

function finish(result) {
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
  process.exit(0);
}

function runAutocannon() {
  const autocannon = require('autocannon');
  const latencies = [];
  const started = performance.now();
  const instance = autocannon(
    {
      url: job.urls.length === 1 ? job.urls[0] : job.urls,
      method: 'POST',
      headers: job.headers,
      body: job.body,
      connections: job.connections,
      pipelining: 1,
      amount: job.amount,
      overallRate: job.rate || undefined,
      timeout: 10,
    },
    (err, res) => {
      if (err) return finish({ ok: false, error: String(err) });
      const elapsedMs = performance.now() - started;
      const statusCodes = {};
      for (const [code, v] of Object.entries(res.statusCodeStats || {})) statusCodes[code] = v.count;
      const ok2xx = Object.entries(statusCodes)
        .filter(([c]) => c >= 200 && c < 300)
        .reduce((s, [, n]) => s + n, 0);
      const responses = Object.values(statusCodes).reduce((s, n) => s + n, 0);
      finish({
        ok: true,
        mode: 'autocannon',
        sent: job.amount,
        responses,
        ok2xx,
        statusCodes,
        errors: res.errors,
        timeouts: res.timeouts,
        non2xx: res.non2xx,
        elapsedMs,
        rps: responses / (elapsedMs / 1000),
        latencyMs: percentiles(latencies),
      });
    },
  );
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  setTimeout(() => {
    instance.stop();
    setTimeout(() => finish({ ok: false, error: `autocannon did not finish within ${job.deadlineMs} ms` }), 2000);
  }, job.deadlineMs).unref();
}

async function runPaced() {
  const { Pool } = require('undici');
  const pools = job.urls.map((u) => {
    const url = new URL(u);
    return { pool: new Pool(url.origin, { connections: job.connections, pipelining: 1, keepAliveTimeout: 30_000 }), path: url.pathname };
  });
  const warmupMs = (job.warmupS || 0) * 1000;
  const total = Math.round(job.rate * (job.durationS + (job.warmupS || 0)));
  const statusCodes = {};
  const latencies = [];
  const gwTimes = [];
  const upstreamTimes = [];
  // BENCH_SAMPLES=DIR: every request's send time, latency and Server-Timing parts, to study the tail.
  const samples = process.env.BENCH_SAMPLES ? [] : null;
  const errors = [];
  let sent = 0;
  let done = 0;
  let maxInflight = 0;
  const body = Buffer.from(job.body);

  const fire = () => {
    const target = pools[sent % pools.length];
    const t0 = performance.now();
    maxInflight = Math.max(maxInflight, sent - done + 1);
    target.pool
      .request({ method: 'POST', path: target.path, headers: job.headers, body })
      .then(async (res) => {
        await res.body.text();
        const latency = performance.now() - t0;
        const counted = t0 - started >= warmupMs;
        if (counted) latencies.push(latency);
        statusCodes[res.statusCode] = (statusCodes[res.statusCode] || 0) + 1;
        const timing = res.headers['server-timing'];
        if (typeof timing === 'string') {
          const gw = /(?:^|,\s*)gw;dur=([\d.]+)/.exec(timing);
          const up = /(?:^|,\s*)upstream;dur=([\d.]+)/.exec(timing);
          if (gw && counted) gwTimes.push(Number(gw[1]));
          if (up && counted) upstreamTimes.push(Number(up[1]));
          samples?.push([t0, latency, gw ? Number(gw[1]) : null, up ? Number(up[1]) : null]);
        } else samples?.push([t0, latency, null, null]);
      })
      .catch((e) => errors.push(e.code || e.message))
      .finally(() => done++);
  };

  const started = performance.now();
  const deadline = started + job.deadlineMs;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - started) * job.rate) / 1000) + 1);
      while (sent < due) {
        fire();
        sent++;
      }
      if (sent >= total || now > deadline) return resolve();
      setTimeout(tick, Math.max(0, (sent * 1000) / job.rate - (performance.now() - started) - 0.5));
    };
    tick();
  });
  const sendEnded = performance.now();
  while (done < sent && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const elapsedMs = sendEnded - started;
  await Promise.all(pools.map((p) => p.pool.close().catch(() => undefined)));
  const ok2xx = Object.entries(statusCodes)
    .filter(([c]) => c >= 200 && c < 300)
    .reduce((s, [, n]) => s + n, 0);
  if (samples) {
    const file = require('node:path').join(process.env.BENCH_SAMPLES, `${String(job.label ?? 'paced').replace(/\W+/g, '-')}-${process.pid}.json`);
    require('node:fs').writeFileSync(file, JSON.stringify({ startedEpochMs: performance.timeOrigin + started, samples: samples.map(([t, ...r]) => [t - started, ...r]) }));
  }
  const errorCounts = {};
  for (const e of errors) errorCounts[e] = (errorCounts[e] || 0) + 1;
  finish({
    ok: done === sent,
    error: done === sent ? undefined : `${sent - done} requests still unanswered at the deadline`,
    mode: 'paced',
    sent,
    responses: done - errors.length,
    ok2xx,
    statusCodes,
    errors: errors.length,
    errorCounts,
    timeouts: 0,
    non2xx: done - errors.length - ok2xx,
    elapsedMs,
    warmupMs,
    achievedRate: sent / (elapsedMs / 1000),
    maxInflight,
    latencyMs: percentiles(latencies),
    serverTimingGwMs: gwTimes.length ? percentiles(gwTimes) : null,
    serverTimingUpstreamMs: upstreamTimes.length ? percentiles(upstreamTimes) : null,
  });
}

if (job.mode === 'autocannon') runAutocannon();
else if (job.mode === 'paced') runPaced().catch((e) => finish({ ok: false, error: String(e && e.stack) }));
else finish({ ok: false, error: `unknown mode ${job.mode}` });
