'use strict';
// CPU time of local processes, read from /proc (Linux), for bench/run.js and bench/drain.js.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** Ticks per second of the times in /proc/PID/stat. */
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** The pid of the local PostgreSQL's postmaster, from a connection to it (`pg` Client); null when it runs elsewhere. */
async function postmasterPid(db) {
  try {
    const { rows } = await db.query('SHOW data_directory');
    return Number(fs.readFileSync(path.join(rows[0].data_directory, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

/** A process's user + system CPU ticks; with `children`, also those of its ended, reaped children. */
function processTicks(pid, children = false) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
}

/**
 * CPU ticks of the local PostgreSQL: every process the postmaster runs now, plus what its children
 * that have ended (short-lived backends, autovacuum and parallel workers) spent, which the
 * postmaster's own cutime/cstime hold once it has reaped them. The difference of two readings is
 * what the server spent in between.
 */
function postgresTicks(master) {
  let sum = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(entry) === master) {
        sum += processTicks(master, true);
        continue;
      }
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === master) sum += processTicks(entry);
    } catch {
      /* gone */
    }
  }
  return sum;
}

module.exports = { CLK_TCK, postmasterPid, processTicks, postgresTicks };
