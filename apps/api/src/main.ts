import './tracing';
import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { AdminBootstrapService } from '@gateway/auth';
import { ConfigError, loadConfig } from '@gateway/config';
import { flushTracing } from '@gateway/telemetry';
import { createApp } from './bootstrap';
import { openDatabase, runMigrations } from './database';

// Collect the old generation when it has grown 30% past what survived the last full GC,
// instead of V8's default of up to 4x: under load the gateway promotes short-lived request
// objects, and the default lets them pile up (RSS ~290 MB instead of ~190 MB in the benchmark,
// for the same CPU). A soft bound: the heap still grows if the live set does.
// (The young generation is capped with --max-semi-space-size, a start-up flag: see package.json.
// So is --single-threaded-gc: V8's four helper threads otherwise mark concurrently on the core the
// gateway's loop runs on, which left that loop ~20% of the core for ~75 ms once per major GC.)
// GATEWAY_HEAP_GROWING_PERCENT=0 restores V8's own choice.
const heapGrowingPercent = Number(process.env.GATEWAY_HEAP_GROWING_PERCENT ?? 30);
if (!Number.isInteger(heapGrowingPercent) || heapGrowingPercent < 0 || heapGrowingPercent > 1000) {
  console.error('Invalid configuration:\n  - GATEWAY_HEAP_GROWING_PERCENT must be an integer from 0 to 1000');
  process.exit(1);
}
setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  for (const warning of config.warnings) console.warn(`warning: ${warning}`);
  const db = await openDatabase(config);
  if (config.database.runMigrations) await runMigrations(db);
  const app = await createApp(config, db);
  app.getHttpAdapter().getInstance().addHook('onClose', async () => {
    await db.stop();
    await flushTracing();
  });
  await app.listen(config.http.port, config.http.host);
  const address = app.getHttpServer().address();
  const base = `http://localhost:${typeof address === 'object' && address ? address.port : config.http.port}`;
  console.log(
    [
      '',
      `LLM Gateway listening on ${base}`,
      `  console      ${base}/`,
      `  API docs     ${base}/api/docs`,
      `  OpenAI API   ${base}/v1  (Anthropic SDK base URL: ${base})`,
      `  database     ${db.embedded ? `embedded PostgreSQL in ${config.database.dataDir}` : 'DATABASE_URL'}`,
      `  redis        ${config.redis.url ? 'REDIS_URL' : 'in-process (no REDIS_URL)'}`,
      `  usage rows   ${config.usage.writer === 'api' ? 'written by this process' : 'written by the worker (npm run start:worker; USAGE_WRITER=api to write them here)'}`,
      `  ${app.get(AdminBootstrapService).summary}`,
      '',
    ].join('\n'),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
