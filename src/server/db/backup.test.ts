import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl } from '../../../tests/support/constants.ts';
import { freshDatabase } from '../../../tests/support/database.ts';
import { backup, restore } from './backup.ts';
import { type Database, openPglite, openPostgres } from './connection.ts';

const quiet = () => {};
let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'nol-backup-'));
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** Every table's rows as sorted JSON text: equal snapshots mean an exact round trip. */
async function snapshot(database: Database): Promise<Record<string, string[]>> {
  const tables = await sql<{
    name: string;
  }>`select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'schema_migration' order by 1`.execute(
    database.db,
  );
  const result: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const rows = await sql<{ j: string }>`select row_to_json(t)::text as j from ${sql.table(name)} t`.execute(
      database.db,
    );
    result[name] = rows.rows.map((r) => r.j).sort();
  }
  return result;
}

async function emptyPostgres(url: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  const name = `nol_restore_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = await openPostgres(adminUrl(url, 'postgres'), 1);
  await admin.execScript(`CREATE DATABASE ${name}`);
  const database = await openPostgres(adminUrl(url, name));
  return {
    database,
    drop: async () => {
      await database.close();
      await admin.execScript(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

describe('backup → restore', () => {
  it('reproduces every table exactly on PGlite, and identity sequences continue after the restored ids', async () => {
    const source = await freshDatabase();
    const file = join(directory, 'a.nolbak');
    const counts = await backup(source, file, quiet);
    expect(counts.child).toBeGreaterThan(100);
    const target = await openPglite({});
    await restore(target, file, quiet);
    expect(await snapshot(target)).toEqual(await snapshot(source));
    const maxId = await target.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirstOrThrow();
    const inserted = await target.db
      .insertInto('audit_log')
      .values({ username: 't', action: 'x', entity: 'y', detail: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(inserted.id).toBeGreaterThan(Number(maxId.m ?? 0));
    await expect(restore(target, file, quiet)).rejects.toThrow(/只能恢复到空数据库/);
    await source.close();
    await target.close();
  });

  it.runIf(process.env.DATABASE_URL)('PGlite → PostgreSQL → PGlite keeps every row', async () => {
    const url = process.env.DATABASE_URL as string;
    const lite = await openPglite({});
    const source = await freshDatabase();
    const first = join(directory, 'b.nolbak');
    await backup(source, first, quiet);
    // freshDatabase is PostgreSQL in this run; take it through PGlite and back to PostgreSQL.
    await restore(lite, first, quiet);
    const second = join(directory, 'c.nolbak');
    await backup(lite, second, quiet);
    const { database: server, drop } = await emptyPostgres(url);
    await restore(server, second, quiet);
    const expected = await snapshot(source);
    expect(await snapshot(lite)).toEqual(expected);
    expect(await snapshot(server)).toEqual(expected);
    await drop();
    await lite.close();
    await source.close();
  });

  it('refuses a file that is not a backup', async () => {
    const file = join(directory, 'bad.nolbak');
    const { writeFileSync } = await import('node:fs');
    const { gzipSync } = await import('node:zlib');
    writeFileSync(file, gzipSync('{"hello":1}\n'));
    const target = await openPglite({});
    await expect(restore(target, file, quiet)).rejects.toThrow(/不是 Not One Less 备份文件/);
    await target.close();
  });
});
