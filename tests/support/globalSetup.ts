import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../../src/server/db/connection.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { loadDemo } from '../../src/server/demo/index.ts';
import { adminUrl, TEST_TODAY } from './constants.ts';

/**
 * Migrates once and loads the tiny demo county, then hands every test file a copy: a PGlite
 * data-directory dump, or a PostgreSQL template database (immich's template idea).
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `nol_template_${process.pid}`;
    const admin = await openPostgres(adminUrl(url, 'postgres'), 1);
    await admin.execScript(`DROP DATABASE IF EXISTS ${template}`);
    await admin.execScript(`CREATE DATABASE ${template}`);
    const database = await openPostgres(adminUrl(url, template), 2);
    await migrate(database);
    await loadDemo(database.db, { seed: 7, size: 'tiny', today: TEST_TODAY });
    await database.close();
    project.provide('pgTemplate', template);
    return async () => {
      await admin.execScript(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {});
      await admin.close();
    };
  }
  const database = await openPglite({});
  await migrate(database);
  await loadDemo(database.db, { seed: 7, size: 'tiny', today: TEST_TODAY });
  const dump = await database.pglite?.dumpDataDir('none');
  await database.close();
  if (!dump) throw new Error('PGlite dump failed');
  const file = join(tmpdir(), `nol-test-snapshot-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  return () => rmSync(file, { force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    pgTemplate: string;
  }
}
