import 'reflect-metadata';
import { AdminBootstrapService } from '@gateway/auth';
import { ConfigError, loadConfig } from '@gateway/config';
import { createApp } from './bootstrap';
import { openDatabase, runMigrations } from './database';

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
  app.getHttpAdapter().getInstance().addHook('onClose', async () => db.stop());
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
      `  ${app.get(AdminBootstrapService).summary}`,
      '',
    ].join('\n'),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
