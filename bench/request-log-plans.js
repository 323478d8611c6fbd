#!/usr/bin/env node
/**
 * The request log at scale: seeds a throwaway database with usage rows (10 million by default,
 * see request-log-seed.sql), then runs EXPLAIN ANALYZE on the exact SQL the API builds for the
 * first page and for a page deep in the history, with the common filters. Prints a Markdown
 * table and the plans; drops the database unless --keep.
 *
 *   npm run build:api && node bench/request-log-plans.js [--rows 10000000] [--keep] [--db <name>] [--reuse]
 *
 * --reuse measures an existing database (--db) without seeding it.
 */
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');
require('reflect-metadata');
const { runMigrations } = require('../dist/apps/api/src/database');
const { requestLogPageSql } = require('../dist/libs/usage/src/request-log-sql');

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const ROWS = Number(opt('rows', 10_000_000));
const DB = opt('db', `gw_bench_requests_${Date.now()}`);
const BASE = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const PAGE = 50;
/** The seed's ids: md5('user1') as a uuid, like PostgreSQL's md5(...)::uuid. */
const md5uuid = (s) => createHash('md5').update(s).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

const SCENARIOS = [
  ['no filter', {}],
  ['by user', { userId: md5uuid('user1') }],
  ['by key', { keyId: md5uuid('key1') }],
  ['by team', { teamId: md5uuid('team1') }],
  ['by model (common)', { model: 'model-1' }],
  ['by model (rare)', { model: 'model-16' }],
  ['status=error', { status: 'error' }],
  ['by user, status=error', { userId: md5uuid('user1'), status: 'error' }],
];

async function connect(db) {
  const client = new Client({ connectionString: `${BASE}/${db}` });
  await client.connect();
  return client;
}

async function seed() {
  const admin = await connect('postgres');
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  await runMigrations({ url: `${BASE}/${DB}`, embedded: false, stop: async () => undefined });
  return connect(DB);
}

async function load(db) {
  const started = Date.now();
  await db.query(readFileSync(join(__dirname, 'request-log-seed.sql'), 'utf8').replace(/:rows/g, String(ROWS)));
  // Outside the script's implicit transaction: sets the visibility map, as autovacuum would.
  await db.query('VACUUM ANALYZE usage_logs');
  console.error(`seeded ${ROWS} rows in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** A cursor deep in the filtered history: the newest matching row older than 60 days. */
async function deepCursor(db, filter) {
  const { text, params } = requestLogPageSql({ ...filter, to: new Date(Date.now() - 60 * 86_400_000) }, null, 1);
  const [row] = (await db.query(text, params)).rows;
  return row ? { at: row.at_exact, id: row.request_id } : null;
}

/** EXPLAIN ANALYZE twice (the second, warm, is reported), with the rows the page returned. */
async function explain(db, filter, cursor) {
  const { text, params } = requestLogPageSql(filter, cursor, PAGE + 1);
  await db.query(`EXPLAIN ANALYZE ${text}`, params);
  const plan = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params)).rows.map((r) => r['QUERY PLAN']);
  const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan.join('\n'))[1]);
  const scan = plan.find((l) => / on usage_logs l /.test(l)).trim().replace(/^->\s*/, '');
  return { ms, scan: scan.replace(/\s+\(cost=.*$/, '').replace(/ on usage_logs l$/, ''), plan };
}

async function main() {
  const reuse = args.includes('--reuse');
  const db = reuse ? await connect(DB) : await seed();
  try {
    if (!reuse) await load(db);
    const totals = "SELECT count(*)::bigint AS n, pg_size_pretty(pg_total_relation_size('usage_logs')) AS size FROM usage_logs";
    const [{ n, size }] = (await db.query(totals)).rows;
    console.log(`usage_logs: ${n} rows, ${size} with indexes`);
    const sizes = `SELECT indexrelid::regclass AS name, pg_size_pretty(pg_relation_size(indexrelid)) AS size
      FROM pg_index WHERE indrelid = 'usage_logs'::regclass ORDER BY 1`;
    const indexes = (await db.query(sizes)).rows;
    console.log(`${indexes.map((i) => `${i.name} ${i.size}`).join(', ')}\n`);
    console.log('| filter | matching rows | first page | deep page (60+ days back) | index used |\n|---|---|---|---|---|');
    const plans = [];
    for (const [label, filter] of SCENARIOS) {
      const { text, params } = requestLogPageSql(filter, null, 1);
      const where = /FROM usage_logs l (WHERE [\s\S]*?)\s+ORDER BY/.exec(text)?.[1] ?? '';
      const count = (await db.query(`SELECT count(*) AS n FROM usage_logs l ${where}`, params)).rows[0].n;
      const first = await explain(db, filter, null);
      const deep = await explain(db, filter, await deepCursor(db, filter));
      console.log(`| ${label} | ${count} | ${first.ms.toFixed(2)} ms | ${deep.ms.toFixed(2)} ms | ${first.scan} |`);
      plans.push(`### ${label}: first page\n${first.plan.join('\n')}\n\n### ${label}: deep page\n${deep.plan.join('\n')}\n`);
    }
    console.log(`\n${plans.join('\n')}`);
  } finally {
    await db.end();
    if (!args.includes('--keep') && !args.includes('--reuse')) {
      const admin = await connect('postgres');
      await admin.query(`DROP DATABASE ${DB}`);
      await admin.end();
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
