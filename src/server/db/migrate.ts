import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './connection.ts';
import { loadReferenceRegions } from './regions.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../db/migrations');

export interface MigrationReport {
  applied: string[];
  regionsLoaded: number;
}

/** Applies pending db/migrations files in order, each in its own transaction, then reference data. */
export async function migrate(
  database: Database,
  options: { referenceData?: boolean } = {},
): Promise<MigrationReport> {
  await database.execScript(
    'CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const done = new Set(
    (await database.db.selectFrom('schema_migration').select('name').execute()).map((row) => row.name),
  );
  const files = (await readdir(MIGRATIONS_DIR)).filter((file) => /^\d{4}_.+\.sql$/.test(file)).sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const script = await readFile(join(MIGRATIONS_DIR, file), 'utf8');
    try {
      await database.execScript(
        `BEGIN;\n${script}\n;INSERT INTO schema_migration (name) VALUES ('${file}');\nCOMMIT;`,
      );
    } catch (error) {
      await database.execScript('ROLLBACK').catch(() => {});
      throw new Error(`migration ${file} failed: ${(error as Error).message}`);
    }
    applied.push(file);
  }
  const regionsLoaded = options.referenceData === false ? 0 : await loadReferenceRegions(database.db);
  return { applied, regionsLoaded };
}

export async function pendingMigrations(database: Database): Promise<number> {
  const exists = await sql<{
    present: boolean;
  }>`select to_regclass('schema_migration') is not null as present`.execute(database.db);
  if (!exists.rows[0]?.present) return -1;
  const files = (await readdir(MIGRATIONS_DIR)).filter((file) => /^\d{4}_.+\.sql$/.test(file));
  const done = await database.db.selectFrom('schema_migration').select('name').execute();
  return files.length - done.length;
}
