'use strict';
// The `--compare REF` section of the report: the measured gateway and the gateway built from
// REF, run in the same rounds in a rotating order with the bare proxy, so the machine's hour
// is the same for both and only the difference between the builds is left.

const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};
const fmt = (v, digits) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
const signed = (v, digits) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(digits)}` : '—');

/**
 * @param runs every run of the rounds ({ round, test, target, result })
 * @param info { ref, commit, measured }: the revision compared with and what the gateway measured is
 */
function compareMd(runs, info) {
  const of = (test, target) => runs.filter((r) => r.test === test && r.target === target);
  const rounds = [...new Set(runs.map((r) => r.round))].sort((a, b) => a - b);
  // Per round, each build against the bare proxy of the same round: a ratio the hour cancels out of.
  const paired = (test, target, f, combine) =>
    rounds.map((round) => {
      const bare = of(test, 'bare').find((r) => r.round === round);
      const gw = of(test, target).find((r) => r.round === round);
      return bare && gw ? combine(f(gw.result), f(bare.result)) : NaN;
    });
  const rps = (r) => r.rps;
  const cpu = (r) => r.cpuUsPerReq;
  const calls = (r) => r.syscallsPerReq;
  const p50 = (r) => r.latencyMs?.p50;
  const p99 = (r) => r.latencyMs?.p99;
  const ratio = (a, b) => a / b;
  const added = (a, b) => a - b;
  const rows = [
    `| measure | gateway (${info.measured}) | gateway (${info.commit}, \`${info.ref}\`) | difference |`,
    '|---|---:|---:|---:|',
  ];
  const line = (label, test, f, combine, digits, unit = '') => {
    const a = paired(test, 'gateway', f, combine);
    const b = paired(test, 'compare', f, combine);
    const ma = median(a);
    const mb = median(b);
    const perRound = (xs) => xs.map((x) => fmt(x, digits)).join(' / ');
    rows.push(`| ${label} | **${fmt(ma, digits)}${unit}** (rounds ${perRound(a)}) | **${fmt(mb, digits)}${unit}** (rounds ${perRound(b)}) | ${signed(ma - mb, digits)}${unit} |`);
  };
  line('non-stream max throughput ÷ bare', 'max', rps, ratio, 2, '×');
  line('stream max throughput ÷ bare', 'max-stream', rps, ratio, 2, '×');
  line('CPU per request added over bare, non-stream max (µs)', 'max', cpu, added, 0);
  line('CPU per request added over bare, stream max (µs)', 'max-stream', cpu, added, 0);
  line('read + write system calls per request added over bare, non-stream max', 'max', calls, added, 2);
  line('read + write system calls per request added over bare, stream max', 'max-stream', calls, added, 2);
  line('p50 added at the fixed rate (ms)', 'fixed', p50, added, 3);
  line('p99 added at the fixed rate (ms)', 'fixed', p99, added, 1);
  return [
    '',
    '## Same run, two builds (`--compare`)',
    '',
    `Both gateways ran in every round, in a rotating order with the bare proxy, against the same database, Redis, key and worker. Each figure is taken against the bare proxy of its own round, then the median over rounds; the difference is the first build minus the second.`,
    '',
    ...rows,
    '',
  ].join('\n');
}

module.exports = { compareMd };
