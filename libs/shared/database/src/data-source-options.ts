import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';


export const MIGRATIONS_GLOB = join(__dirname, '..', '..', '..', '..', 'migrations', '*.{js,ts}');

/** The one place TypeORM's options are built: the API, the worker, the migration CLI and tests use it. */
export function dataSourceOptions(url: string, entities: Function[], embedded: boolean): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'migrations',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // PGlite serves one query at a time: a small pool is plenty and keeps queueing fair.
    // A PostgreSQL that accepts no connection fails a request after 5 s (then 503) instead of hanging it.
    extra: { max: embedded ? 4 : 10, application_name: 'llm-gateway', connectionTimeoutMillis: 5_000 },
  };
}
