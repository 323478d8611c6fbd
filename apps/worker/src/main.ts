import './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import Fastify from 'fastify';
import { ConfigError, loadConfig } from '@gateway/config';
import { MetricsRoute } from '@gateway/metrics';
import { flushTracing } from '@gateway/telemetry';
import { DataSource } from 'typeorm';
import { WorkerModule } from './worker.module';

/**
 * `npm run start:worker`: BullMQ processors against DATABASE_URL and REDIS_URL, plus a
 * small HTTP server (WORKER_PORT, default 3001) with /health and /metrics only.
 */
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
  if (!config.database.url || !config.redis.url) {
    console.error('The worker needs DATABASE_URL and REDIS_URL. Without Redis, `npm start` runs the jobs inside the API.');
    process.exit(1);
  }
  // The queues here are BullMQ's, whatever WORKER_IN_PROCESS says for the API.
  config.worker.inProcess = false;
  config.role = 'worker';
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, config.database.url), { logger: ['error', 'warn', 'log'] });
  // No enableShutdownHooks(): `stop` below closes the app, after the HTTP server; both would close it twice.

  const http = Fastify();
  const db = app.get(DataSource);
  http.get('/health', async (_req, reply) => {
    const ok = await db.query('SELECT 1').then(() => true, () => false);
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable' });
  });
  app.get(MetricsRoute).register(http);
  await http.listen({ port: config.worker.port, host: config.http.host });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.worker.port;
  console.log(`Worker running: queues on Redis, /health and /metrics on port ${port}`);
  const stop = async () => {
    await http.close();
    await app.close();
    await flushTracing();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
