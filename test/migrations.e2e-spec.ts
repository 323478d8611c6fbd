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

  it("fill the budgets' spend from the usage rows already there: each key's and each account's, per UTC day", async () => {
    const db = await createTestDatabase();
    const database = { url: db.url, embedded: false, stop: async () => undefined };
    const ds = new DataSource(dataSourceOptions(db.url, ENTITIES, false));
    try {
      await runMigrations(database);
      await ds.initialize();
      // Back to just before the budgets, with usage from then.
      while ((await ds.query("SELECT 1 FROM migrations WHERE name = 'AddedBudgetsAndNotifications1796340000000'")).length) await ds.undoLastMigration({ transaction: 'each' });
      const [user] = await ds.query("INSERT INTO users (email, password_hash, balance_micros) VALUES ('old@example.com', 'x', 1000) RETURNING id");
      const [team] = await ds.query("INSERT INTO teams (name, slug) VALUES ('Old', 'old') RETURNING id");
      const [personal] = await ds.query("INSERT INTO api_keys (user_id, name, prefix, key_hash, quota_micros, quota_used_micros) VALUES ($1, 'p', 'gw-p', 'h1', 500, 70) RETURNING id", [user.id]);
      const [teamKey] = await ds.query("INSERT INTO api_keys (user_id, team_id, name, prefix, key_hash) VALUES ($1, $2, 't', 'gw-t', 'h2') RETURNING id", [user.id, team.id]);
      const usage = (key: string, teamId: string | null, cost: number, at: string) =>
        ds.query("INSERT INTO usage_logs (request_id, user_id, key_id, team_id, model, endpoint, status, cost_micros, created_at) VALUES (gen_random_uuid()::text, $1, $2, $3, 'm', 'chat', 200, $4, $5)", [user.id, key, teamId, cost, at]);
      await usage(personal.id, null, 30, '2026-11-30T23:59:59Z');
      await usage(personal.id, null, 40, '2026-12-01T00:00:00Z');
      await usage(teamKey.id, team.id, 5, '2026-12-01T10:00:00Z');
      await usage(teamKey.id, team.id, 0, '2026-12-01T11:00:00Z');

      await runMigrations(database);
      const spend = await ds.query("SELECT subject_id, to_char(day, 'YYYY-MM-DD') AS day, spent_micros::int AS spent FROM budget_spend ORDER BY spent_micros");
      expect(spend).toEqual(
        expect.arrayContaining([
          { subject_id: personal.id, day: '2026-11-30', spent: 30 },
          { subject_id: user.id, day: '2026-11-30', spent: 30 },
          { subject_id: personal.id, day: '2026-12-01', spent: 40 },
          { subject_id: user.id, day: '2026-12-01', spent: 40 },
          { subject_id: teamKey.id, day: '2026-12-01', spent: 5 },
          { subject_id: team.id, day: '2026-12-01', spent: 5 },
        ]),
      );
      expect(spend).toHaveLength(6);
      // The old quota is the key's total budget; no one else has a budget.
      expect(await ds.query('SELECT quota_micros::int AS micros, budget_period FROM api_keys WHERE id = $1', [personal.id])).toEqual([{ micros: 500, budget_period: 'total' }]);
      expect(await ds.query('SELECT count(*)::int AS n FROM users WHERE budget_micros IS NOT NULL')).toEqual([{ n: 0 }]);
    } finally {
      if (ds.isInitialized) await ds.destroy();
      await db.drop();
    }
  });
});
