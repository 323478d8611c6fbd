import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@gateway/config';
import { openDatabase, pendingSchemaChanges, runMigrations } from './database';

/** `migrate.js run` applies pending migrations; `migrate.js generate Name` writes one for entity changes. */
async function main() {
  const [command = 'run', name = 'Changed'] = process.argv.slice(2);
  const db = await openDatabase(loadConfig());
  try {
    const applied = await runMigrations(db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
    if (command !== 'generate') return;
    const { up, down } = await pendingSchemaChanges(db);
    if (!up.length) return console.log('entities and migrations agree: nothing to generate');
    const stamp = Date.now();
    const cls = `${name}${stamp}`;
    const q = (s: string) => `    await queryRunner.query(\`${s.replace(/`/g, '\\`')}\`);`;
    const file = join(process.cwd(), 'migrations', `${stamp}-${name}.ts`);
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${cls} implements MigrationInterface {\n  name = '${cls}';\n\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${up.map(q).join('\n')}\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n${down.reverse().map(q).join('\n')}\n  }\n}\n`,
    );
    console.log(`wrote ${file}`);
  } finally {
    await db.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
