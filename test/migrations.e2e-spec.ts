import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@gateway/database';
import { ENTITIES } from '@gateway/entities';
import { createTestDatabase } from '@gateway/testing';
import { pendingSchemaChanges, runMigrations } from '../apps/api/src/database';

describe('migrations', () => {
  it('bring a fresh database exactly to the entities (no drift), and every down() undoes its up()', async () => {
    const db = await createTestDatabase();
    const database = { url: db.url, embedded: false, stop: async () => undefined };
    try {
      const applied = await runMigrations(database);
      expect(applied.length).toBeGreaterThanOrEqual(3);
      expect(await pendingSchemaChanges(database)).toEqual({ up: [], down: [] });

      const ds = new DataSource(dataSourceOptions(db.url, ENTITIES, false));
      await ds.initialize();
      try {
        for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
        const tables = await ds.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'");
        expect(tables).toEqual([]);
      } finally {
        await ds.destroy();
      }
      expect(await runMigrations(database)).toEqual(applied);
      expect(await pendingSchemaChanges(database)).toEqual({ up: [], down: [] });
    } finally {
      await db.drop();
    }
  });
});
