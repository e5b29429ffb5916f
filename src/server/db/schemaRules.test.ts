import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../tests/support/database.ts';
import type { Database } from './connection.ts';

/** DESIGN "Data rules": the tables that may lack county_code; every other one is distributed by it. */
const REFERENCE_TABLES = ['region', 'county', 'school', 'school_term', 'school_class'];
const GLOBAL_TABLES = ['app_user', 'user_role', 'user_session', 'audit_log', 'schema_migration'];

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('every table holding children’s records is keyed by county_code', () => {
  it('county tables lead their primary key with county_code and carry it in every foreign key to another county table', async () => {
    const tables = await sql<{ name: string; pk: string[] }>`
      select c.relname as name,
        array(select a.attname from unnest(i.indkey) with ordinality k(attnum, n)
              join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum order by k.n)::text[] as pk
      from pg_class c join pg_namespace ns on ns.oid = c.relnamespace and ns.nspname = 'public'
      left join pg_index i on i.indrelid = c.oid and i.indisprimary
      where c.relkind = 'r'`.execute(database.db);
    const countyTables = tables.rows.filter((t) => ![...REFERENCE_TABLES, ...GLOBAL_TABLES].includes(t.name));
    expect(countyTables.map((t) => t.name).sort()).toEqual(
      expect.arrayContaining([
        'child',
        'guardian',
        'enrollment',
        'group_membership',
        'data_source',
        'pairing',
      ]),
    );
    for (const table of countyTables) {
      expect(table.pk?.[0], `${table.name} primary key`).toBe('county_code');
    }
    const foreignKeys = await sql<{ child: string; parent: string; columns: string[] }>`
      select c.relname as child, p.relname as parent,
        array(select a.attname from unnest(k.conkey) col(attnum) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = col.attnum)::text[] as columns
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
      where k.contype = 'f'`.execute(database.db);
    const countyNames = new Set(countyTables.map((t) => t.name));
    for (const fk of foreignKeys.rows.filter((f) => countyNames.has(f.child) && countyNames.has(f.parent))) {
      expect(fk.columns, `${fk.child} → ${fk.parent}`).toContain('county_code');
    }
  });

  it('every listed reference and global table exists', async () => {
    const names = await sql<{
      name: string;
    }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(database.db);
    const present = new Set(names.rows.map((r) => r.name));
    for (const name of [...REFERENCE_TABLES, ...GLOBAL_TABLES]) expect(present.has(name), name).toBe(true);
  });
});

describe('audit log is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await database.db
      .insertInto('audit_log')
      .values({ username: 't', action: 'x', entity: 'y', detail: '{}' })
      .execute();
    await expect(database.db.updateTable('audit_log').set({ action: 'changed' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(database.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    const rows = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('username', '=', 't')
      .execute();
    expect(rows).toEqual([{ action: 'x' }]);
  });
});
