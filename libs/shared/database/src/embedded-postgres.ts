import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * PostgreSQL's memory settings for the embedded server, sized for one gateway process rather
 * than a database host (PGlite's defaults: 160 MB of shared buffers, ~300 MB RSS at start).
 */
const EMBEDDED_CONF = ['shared_buffers=16MB', 'wal_buffers=1MB', 'temp_buffers=2MB'];

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Start PostgreSQL in process (PGlite, data kept under `dataDir`), served on a
 * loopback port so `pg` and TypeORM talk to it like to any server.
 */
export async function startEmbeddedPostgres(dataDir: string, port = 0): Promise<EmbeddedPostgres> {
  // Both packages are ESM-first; loaded lazily so server deployments never touch them.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const dir = join(dataDir, 'pg');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'PG_VERSION'))) await initialiseOutOfProcess(dir);
  const db = await PGlite.create(dir, { postgresqlconf: EMBEDDED_CONF });
  const chosenPort = port || (await freePort());
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: chosenPort, maxConnections: 16 });
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${chosenPort}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Create the database cluster in a short-lived child process: PGlite's initdb leaves ~600 MB
 * of WebAssembly memory behind that the process never gives back.
 */
async function initialiseOutOfProcess(dir: string): Promise<void> {
  const script = 'require(process.argv[1]).PGlite.create(process.argv[2]).then((db) => db.close())';
  await promisify(execFile)(process.execPath, ['-e', script, require.resolve('@electric-sql/pglite'), dir], { timeout: 120_000 });
}
