import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@gateway/config';
import { TEST_REDIS_URL } from '@gateway/testing';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { api, login, newUser } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

export type Client = ReturnType<typeof api>;
export type User = Awaited<ReturnType<typeof newUser>>;

/** A key rotated out: secrets sealed with it still open, and are re-sealed by the sweep. */
export const PREVIOUS_KEY = Buffer.alloc(32, 0xab);

/** Retries in milliseconds (3, 18, 90, 540, 2160 ms) and a sweep every second. */
const ENV = { WEBHOOK_RETRY_BASE_MS: '3', WEBHOOK_SWEEP_INTERVAL_SECONDS: '1', ENCRYPTION_KEY_PREVIOUS: PREVIOUS_KEY.toString('hex') };

export interface WebhooksEnv {
  t: TestApp;
  admin: Client;
  user(): Promise<User>;
  /** A team made by the admin, with an owner and a member. */
  team(): Promise<{ id: string; owner: User; member: User }>;
  close(): Promise<void>;
}

/**
 * The API on real PostgreSQL. With `redis`, its jobs go to BullMQ and the worker's module (booted
 * here, in this process) runs them; without, the API runs them in process.
 */
export async function startWebhooksEnv(redis: boolean): Promise<WebhooksEnv> {
  const t = await startTestApp({ redis, env: ENV });
  const worker = redis ? await startWorker(t) : null;
  const admin = api(t.url, (await login(t.url, t.adminEmail, t.adminPassword)).accessToken);
  return {
    t,
    admin,
    user: () => newUser(t.url),
    async team() {
      const [owner, member] = [await newUser(t.url), await newUser(t.url)];
      const id = (await admin.post('/api/v1/teams', { name: 'Team', slug: `team-${randomUUID().slice(0, 8)}` })).body.id as string;
      await admin.post(`/api/v1/teams/${id}/members`, { userId: owner.id, role: 'owner' });
      await admin.post(`/api/v1/teams/${id}/members`, { userId: member.id, role: 'member' });
      return { id, owner, member };
    },
    async close() {
      await worker?.close();
      await t.close();
    },
  };
}

async function startWorker(t: TestApp): Promise<INestApplicationContext> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: t.dataDir,
    DATABASE_URL: t.databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: t.redisPrefix,
    USAGE_WRITER: 'api',
    LOG_LEVEL: 'error',
    ...ENV,
  });
  config.worker.inProcess = false;
  config.role = 'worker';
  return NestFactory.createApplicationContext(WorkerModule.forRoot(config, t.databaseUrl), { logger: ['error'] });
}
