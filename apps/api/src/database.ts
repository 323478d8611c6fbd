import { AppConfig } from '@gateway/config';
import { dataSourceOptions, startEmbeddedPostgres } from '@gateway/database';
import { DataSource } from 'typeorm';
import { ENTITIES } from '@gateway/entities';

export interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set, else the embedded PostgreSQL under the data directory. */
export async function openDatabase(config: AppConfig): Promise<Database> {
  if (config.database.url) return { url: config.database.url, embedded: false, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres(config.database.dataDir, config.database.embeddedPort);
  return { url: embedded.url, embedded: true, stop: () => embedded.stop() };
}

/** Apply pending migrations; returns the names applied. */
export async function runMigrations(db: Database): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(db.url, ENTITIES, db.embedded));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** SQL that would bring the database in line with the entities (empty when migrations and entities agree). */
export async function pendingSchemaChanges(db: Database): Promise<{ up: string[]; down: string[] }> {
  const ds = new DataSource(dataSourceOptions(db.url, ENTITIES, db.embedded));
  await ds.initialize();
  try {
    const sql = await ds.driver.createSchemaBuilder().log();
    return { up: sql.upQueries.map((q) => q.query), down: sql.downQueries.map((q) => q.query) };
  } finally {
    await ds.destroy();
  }
}
