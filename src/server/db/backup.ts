import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import type { Database } from './connection.ts';
import { migrate } from './migrate.ts';
import type { DB } from './types.ts';

const FORMAT = 'nol-backup';
const BATCH = 5000;

interface TableInfo {
  name: string;
  keyColumns: string[];
}

/** Tables in foreign-key order (referenced before referencing), with their primary-key columns. */
async function tablesInDependencyOrder(db: Kysely<DB>): Promise<TableInfo[]> {
  const tables = await sql<{ name: string; keys: string[] }>`
    select c.relname as name,
      array(select a.attname from unnest(i.indkey) with ordinality k(attnum, n)
            join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum order by k.n)::text[] as keys
    from pg_class c
    join pg_namespace ns on ns.oid = c.relnamespace and ns.nspname = 'public'
    join pg_index i on i.indrelid = c.oid and i.indisprimary
    where c.relkind = 'r' and c.relname <> 'schema_migration'
    order by c.relname`.execute(db);
  const edges = await sql<{ child: string; parent: string }>`
    select distinct c.relname as child, p.relname as parent
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
    where k.contype = 'f' and c.relname <> p.relname`.execute(db);
  const remaining = new Map(tables.rows.map((t) => [t.name, { name: t.name, keyColumns: t.keys }]));
  const ordered: TableInfo[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.keys()].filter(
      (name) => !edges.rows.some((e) => e.child === name && remaining.has(e.parent)),
    );
    if (ready.length === 0) throw new Error(`foreign-key cycle among ${[...remaining.keys()].join(', ')}`);
    for (const name of ready) {
      ordered.push(remaining.get(name) as TableInfo);
      remaining.delete(name);
    }
  }
  return ordered;
}

/**
 * Writes a gzip'd JSON-lines dump: a header, then per table a line naming it and one line per row
 * (row_to_json, so every type round-trips as PostgreSQL text). Read in one repeatable-read
 * transaction so the dump is consistent while the server keeps working.
 */
export async function backup(
  database: Database,
  file: string,
  log: (message: string) => void,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const gzip = createGzip();
  const done = pipeline(gzip, createWriteStream(file));
  const write = (line: unknown) =>
    new Promise<void>((resolve) => {
      if (gzip.write(`${typeof line === 'string' ? line : JSON.stringify(line)}\n`)) resolve();
      else gzip.once('drain', () => resolve());
    });
  await database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const migrations = (
        await trx.selectFrom('schema_migration').select('name').orderBy('name').execute()
      ).map((r) => r.name);
      const tables = await tablesInDependencyOrder(trx);
      await write({
        format: FORMAT,
        version: 1,
        migrations,
        tables: tables.map((t) => t.name),
        createdAt: new Date().toISOString(),
      });
      for (const table of tables) {
        await write({ table: table.name });
        const keys = sql.join(table.keyColumns.map((column) => sql.ref(column)));
        let last: unknown[] | null = null;
        let count = 0;
        for (;;) {
          const after = last
            ? sql`where (${keys}) > (${sql.join(last.map((value) => sql`${value}`))})`
            : sql``;
          const result = await sql<{ j: string; k: string }>`
            select row_to_json(t)::text as j, json_build_array(${keys})::text as k
            from ${sql.table(table.name)} t ${after} order by ${keys} limit ${sql.lit(BATCH)}`.execute(trx);
          for (const row of result.rows) await write(row.j);
          count += result.rows.length;
          const tail = result.rows[result.rows.length - 1];
          if (!tail || result.rows.length < BATCH) break;
          last = JSON.parse(tail.k) as unknown[];
        }
        counts[table.name] = count;
        log(`${table.name}: ${count}`);
      }
    });
  gzip.end();
  await done;
  return counts;
}

/**
 * Restores a dump into a database that has no data yet (PGlite or PostgreSQL, either way round):
 * applies the same migrations, inserts each table through json_populate_recordset in batches,
 * then moves identity sequences past the restored ids. All in one transaction: a failed restore
 * leaves the target empty.
 */
export async function restore(
  database: Database,
  file: string,
  log: (message: string) => void,
): Promise<Record<string, number>> {
  const lines = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  let header: { format?: string; migrations?: string[] } = {};
  try {
    header = JSON.parse(String(first.value ?? '{}'));
  } catch {
    header = {};
  }
  if (header.format !== FORMAT) throw new Error('不是 Not One Less 备份文件（格式标识不符）');
  await migrate(database, { referenceData: false });
  const applied = (
    await database.db.selectFrom('schema_migration').select('name').orderBy('name').execute()
  ).map((r) => r.name);
  if (JSON.stringify(applied) !== JSON.stringify(header.migrations)) {
    throw new Error(
      `备份的数据库结构版本（${header.migrations?.at(-1)}）与本程序（${applied.at(-1)}）不一致`,
    );
  }
  const counts: Record<string, number> = {};
  await database.db.transaction().execute(async (trx) => {
    const tables = await tablesInDependencyOrder(trx);
    for (const table of tables) {
      const existing = await sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(table.name)}`.execute(trx);
      if ((existing.rows[0]?.n ?? 0) > 0)
        throw new Error(`目标数据库的 ${table.name} 表已有数据：只能恢复到空数据库`);
    }
    let table: string | null = null;
    let batch: string[] = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      await sql`insert into ${sql.table(table)} select * from json_populate_recordset(null::${sql.table(table)}, ${`[${batch.join(',')}]`}::json)`.execute(
        trx,
      );
      counts[table] = (counts[table] ?? 0) + batch.length;
      batch = [];
    };
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const line = next.value;
      if (line.startsWith('{"table":')) {
        await flush();
        if (table) log(`${table}: ${counts[table] ?? 0}`);
        table = (JSON.parse(line) as { table: string }).table;
        counts[table] = 0;
        continue;
      }
      batch.push(line);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    if (table) log(`${table}: ${counts[table] ?? 0}`);
    const identities = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and is_identity = 'YES'`.execute(trx);
    for (const { table_name, column_name } of identities.rows) {
      await sql`select setval(pg_get_serial_sequence(${table_name}, ${column_name}),
        coalesce((select max(${sql.ref(column_name)}) from ${sql.table(table_name)}), 0) + 1, false)`.execute(
        trx,
      );
    }
  });
  return counts;
}
