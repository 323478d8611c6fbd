'use strict';
// Preloaded (`node -r bench/alloc-prof.js`) into the gateway only with `npm run bench -- --alloc-prof`.
// Samples every allocation site (V8's sampling heap profiler, keeping objects already
// collected, so it shows what is allocated, not only what is live) and, on SIGWINCH (Nest's shutdown hooks take SIGUSR2), writes
// the profile to $BENCH_ALLOC_PROF_FILE and starts a new one. It changes nothing else.
const fs = require('node:fs');
const inspector = require('node:inspector');

const file = process.env.BENCH_ALLOC_PROF_FILE || `alloc-${process.pid}.heapprofile`;
const session = new inspector.Session();
session.connect();
const start = () =>
  session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
session.post('HeapProfiler.enable', start);
process.on('SIGWINCH', () => {
  session.post('HeapProfiler.stopSampling', (err, result) => {
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(err ? { error: String(err) } : result.profile));
    fs.renameSync(`${file}.tmp`, file);
    start();
  });
});
