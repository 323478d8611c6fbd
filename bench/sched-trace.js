'use strict';
// `npm run bench -- --sched-trace`: who held the server core while the open-loop runs' slow
// requests waited. The kernel's scheduler tracepoints (ftrace `sched_switch`, through tracefs;
// Linux, root) record every switch on every core; each request's send time and latency come from
// the load generator (BENCH_SAMPLES). Requests slower than the threshold are grouped into bursts
// (overlapping in time), and each burst is put down to whatever other than the target's main
// thread and the fake upstream held the server core longest during it (at least 2 ms), or to
// nothing when no one did (the target's own work, the upstream, an idle core).
const fs = require('node:fs');
const readline = require('node:readline');

const TRACEFS = '/sys/kernel/tracing';
/** Slower than this (ms) after the warm-up second is a slow request. */
const SLOW_MS = 6;
/** A burst is put down to a holder of the core only if it held it this long (ms). */
const HELD_MS = 2;

function write(file, text) {
  fs.writeFileSync(`${TRACEFS}/${file}`, text);
}

/** Starts tracing every core's switches; throws with the reason when the kernel does not let us. */
function start() {
  if (!fs.existsSync(`${TRACEFS}/trace`)) {
    require('node:child_process').spawnSync('mount', ['-t', 'tracefs', 'nodev', TRACEFS]);
    if (!fs.existsSync(`${TRACEFS}/trace`)) throw new Error(`--sched-trace: no tracefs at ${TRACEFS} (Linux, root, and mount -t tracefs nodev ${TRACEFS})`);
  }
  try {
    write('tracing_on', '0');
    write('trace', '');
    write('trace_clock', 'mono');
    write('buffer_size_kb', '300000');
    write('set_event', 'sched:sched_switch\n');
    write('tracing_on', '1');
  } catch (e) {
    throw new Error(`--sched-trace: cannot set up ftrace (${e.code ?? e.message}); it needs root`);
  }
  // The trace's clock is CLOCK_MONOTONIC (ms here); the samples' times are epoch ms.
  return { epochMinusMono: Date.now() - monoMs() };
}

function monoMs() {
  // process.hrtime is CLOCK_MONOTONIC on Linux.
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Stops tracing and reads the switches on `cpu` as [start ms, end ms, tid, comm] segments. */
async function readSegments(cpu) {
  write('tracing_on', '0');
  const segments = [];
  const re = /^\s*.+?-\d+\s+\[(\d+)\]\s+\S+\s+([\d.]+): sched_switch: .*==> next_comm=(.*) next_pid=(\d+) next_prio=/;
  let current = null;
  const lines = readline.createInterface({ input: fs.createReadStream(`${TRACEFS}/per_cpu/cpu${cpu}/trace`) });
  for await (const line of lines) {
    const m = re.exec(line);
    if (!m) continue;
    const at = Number(m[2]) * 1000;
    if (current) segments.push([current[0], at, current[1], current[2]]);
    current = [at, Number(m[4]), m[3]];
  }
  write('trace', '');
  return segments;
}

/** Thread id → a name for the report: named processes' threads, then PostgreSQL and Redis by command. */
function namer(processes) {
  const byTid = new Map();
  for (const p of processes) {
    let tids = [];
    try {
      tids = fs.readdirSync(`/proc/${p.pid}/task`).map(Number);
    } catch {
      /* gone */
    }
    for (const tid of tids) byTid.set(tid, tid === p.pid ? `${p.name} (main thread)` : `${p.name}'s other threads (V8 helpers, libuv pool)`);
  }
  return (tid, comm) => {
    if (tid === 0) return 'idle';
    if (byTid.has(tid)) return byTid.get(tid);
    if (comm.startsWith('postgres')) return 'PostgreSQL';
    if (comm.startsWith('redis')) return 'Redis';
    if (/^kworker|^ksoftirq|^rcu|^migration/.test(comm)) return 'kernel threads';
    return `other: ${comm.replace(/[-/:]\d+$/, '')}`;
  };
}

/** What held `cpu` during [a, b] (mono ms): name → ms. */
function heldDuring(segments, starts, a, b, nameOf) {
  const held = new Map();
  let i = Math.max(0, bisect(starts, a) - 1);
  for (; i < segments.length && segments[i][0] <= b; i++) {
    const [s, e, tid, comm] = segments[i];
    const overlap = Math.min(e, b) - Math.max(s, a);
    if (overlap <= 0) continue;
    const name = nameOf(tid, comm);
    held.set(name, (held.get(name) ?? 0) + overlap);
  }
  return held;
}

function bisect(sorted, x) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The report's section: for each open-loop run (label, target name, samples file), its slow
 * requests by what held the server core.
 */
async function attribute({ handle, cpu, processes, runs, warmupMs }) {
  const nameOf = namer(processes);
  const segments = await readSegments(cpu);
  const starts = segments.map((s) => s[0]);
  const rows = [];
  const causes = new Set();
  for (const run of runs) {
    const { startedEpochMs, samples } = JSON.parse(fs.readFileSync(run.samplesFile, 'utf8'));
    const started = startedEpochMs - handle.epochMinusMono;
    const own = new Set([`${run.targetProcess} (main thread)`, 'fake-upstream (main thread)', 'idle']);
    const bursts = [];
    for (const [t, latency] of samples) {
      if (t < warmupMs || latency <= SLOW_MS) continue;
      const a = started + t;
      const last = bursts[bursts.length - 1];
      if (last && a <= last.b + 2) {
        last.b = Math.max(last.b, a + latency);
        last.n++;
      } else bursts.push({ a, b: a + latency, n: 1 });
    }
    const counts = new Map();
    for (const burst of bursts) {
      const held = [...heldDuring(segments, starts, burst.a, burst.b, nameOf)].filter(([name]) => !own.has(name) && !name.startsWith('fake-upstream'));
      held.sort((x, y) => y[1] - x[1]);
      const cause = held.length && held[0][1] >= HELD_MS ? held[0][0] : 'nothing else ≥ 2 ms (own work, upstream, idle)';
      counts.set(cause, (counts.get(cause) ?? 0) + burst.n);
      causes.add(cause);
    }
    const measured = samples.filter(([t]) => t >= warmupMs).length;
    rows.push({ label: run.label, slow: bursts.reduce((s, b) => s + b.n, 0), measured, counts });
  }
  const order = [...causes].sort();
  const lines = [
    `Requests slower than ${SLOW_MS} ms after the warm-up second, by what held the server core (core ${cpu}) longest during their burst, other than the target's main thread and the fake upstream (at least ${HELD_MS} ms; ftrace sched_switch).`,
    '',
    `| run | requests | slower than ${SLOW_MS} ms | ${order.join(' | ')} |`,
    `|---|---:|---:|${order.map(() => '---:').join('|')}|`,
    ...rows.map((r) => `| ${r.label} | ${r.measured} | ${r.slow} | ${order.map((c) => r.counts.get(c) ?? 0).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** Tracing off and its buffer freed, whatever state a failed run left it in. */
function stop() {
  try {
    write('tracing_on', '0');
    write('trace', '');
    write('buffer_size_kb', '1408');
  } catch {
    /* not ours to clean */
  }
}

module.exports = { start, stop, attribute, SLOW_MS };
