import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { type Database, openPglite, openPostgres } from '../../src/server/db/connection.ts';
import { DEFAULT_SETTINGS, type Deps, type Settings } from '../../src/server/deps.ts';
import { adminUrl, TEST_NOW } from './constants.ts';

/** A private copy of the migrated database with the tiny demo county, on PGlite or PostgreSQL. */
export async function freshDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `nol_test_${randomBytes(6).toString('hex')}`;
    const admin = await openPostgres(adminUrl(url, 'postgres'), 1);
    try {
      await admin.execScript(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
    } finally {
      await admin.close();
    }
    const database = await openPostgres(adminUrl(url, name));
    return {
      ...database,
      close: async () => {
        await database.close();
        const cleanup = await openPostgres(adminUrl(url, 'postgres'), 1);
        await cleanup.execScript(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
        await cleanup.close();
      },
    };
  }
  const snapshot = readFileSync(inject('pgliteSnapshot'));
  return openPglite({ loadDataDir: new Blob([snapshot]) });
}

export function testDeps(
  database: Database,
  overrides: { now?: () => Date; settings?: Partial<Settings> } = {},
): Deps {
  return {
    db: database.db,
    kind: database.kind,
    now: overrides.now ?? (() => TEST_NOW),
    settings: { ...DEFAULT_SETTINGS, ...overrides.settings },
  };
}
