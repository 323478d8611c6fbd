import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@gateway/config';
import { createTestDatabase, TEST_REDIS_URL } from '@gateway/testing';
import { createApp } from '../../apps/api/src/bootstrap';
import { runMigrations } from '../../apps/api/src/database';

export interface TestAppOptions {
  /** Use the real Redis (default: in-process state). */
  redis?: boolean;
  /** Share this database URL (a second replica) instead of creating a fresh one. */
  databaseUrl?: string;
  /** Share Redis keys with another app (a second replica). */
  redisPrefix?: string;
  env?: Record<string, string>;
}

/** What clients of a running gateway need: where it is and its admin (a TestApp, or a gateway started as a process). */
export type GatewayAddress = Pick<TestApp, 'url' | 'adminEmail' | 'adminPassword'>;

export interface TestApp {
  url: string;
  app: NestFastifyApplication;
  databaseUrl: string;
  redisPrefix: string;
  dataDir: string;
  adminEmail: string;
  adminPassword: string;
  close(): Promise<void>;
}

/** A second replica of `first`: the same PostgreSQL database and Redis keys, as behind a load balancer. */
export function startReplicaOf(first: TestApp, options: Omit<TestAppOptions, 'databaseUrl' | 'redisPrefix'> = {}): Promise<TestApp> {
  return startTestApp({ redis: true, ...options, databaseUrl: first.databaseUrl, redisPrefix: first.redisPrefix });
}

/** Boot the real API on a fresh PostgreSQL database (migrations applied), listening on a loopback port. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  const adminEmail = 'admin@example.com';
  const adminPassword = 'admin-password-123';
  const redisPrefix = options.redisPrefix ?? `gwt${randomBytes(4).toString('hex')}:`;
  const dataDir = options.env?.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'gw-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    AUTH_THROTTLE_LIMIT: '1000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    // One process with Redis and no worker: it writes its usage rows itself.
    ...(options.redis ? { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: redisPrefix, USAGE_WRITER: 'api' } : {}),
    ...options.env,
  });
  const database = { url: db.url, embedded: false, stop: async () => undefined };
  if (!options.databaseUrl) await runMigrations(database);
  const app = await createApp(config, database);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    databaseUrl: db.url,
    redisPrefix,
    dataDir,
    adminEmail,
    adminPassword,
    async close() {
      await app.close();
      await db.drop();
      if (!options.env?.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
