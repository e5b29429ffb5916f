// Foreign-key checks run as one trigger query per inserted row and per constraint, which is
// about a third of the time a demo county takes. When the database allows it and the tables
// carry no triggers of their own, the bulk insert runs with session_replication_role =
// replica (the setting pg_restore and logical replication use; SET LOCAL, so only for this
// transaction), and every foreign key of the tables is then verified in one set-based query
// per constraint — the transaction fails, as it would have row by row, if any row dangles.

import { type Kysely, sql } from 'kysely';
import { rowTriggersSkippable, setRowTriggers } from '../db/rowTriggers.ts';
import type { DB } from '../db/types.ts';

export const BULK_TABLES = ['child', 'guardian', 'enrollment', 'group_membership', 'pairing'] as const;

const regclasses = () => sql.join(BULK_TABLES.map((t) => sql`${t}::regclass`));

/** Turns per-row trigger checks off for the rest of the transaction when that is safe; says whether it did. */
export async function beginBulk(db: Kysely<DB>): Promise<boolean> {
  if (!(await rowTriggersSkippable(db, BULK_TABLES))) return false;
  await setRowTriggers(db, false);
  return true;
}

interface ForeignKey {
  name: string;
  tbl: string;
  ref: string;
  cols: string[];
  refcols: string[];
}

/** Restores trigger checks and verifies, for one county's rows, every foreign key they hold. */
export async function endBulk(db: Kysely<DB>, countyCode: string): Promise<void> {
  await setRowTriggers(db, true);
  // Statistics from before this county's rows (of the county loaded before it, or none) make the
  // planner pick nested loops for the checks below: minutes instead of seconds on PostgreSQL.
  await sql`analyze ${sql.join(BULK_TABLES.map((t) => sql.table(t)))}`.execute(db);
  const keys = await sql<ForeignKey>`
    select c.conname as name, c.conrelid::regclass::text as tbl, c.confrelid::regclass::text as ref,
      (select array_agg(a.attname::text order by k.i) from unnest(c.conkey) with ordinality k(n, i)
         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n) as cols,
      (select array_agg(a.attname::text order by k.i) from unnest(c.confkey) with ordinality k(n, i)
         join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n) as refcols
    from pg_constraint c
    where c.contype = 'f' and c.conrelid in (${regclasses()})
    order by c.conname`.execute(db);
  for (const key of keys.rows) {
    const present = sql.join(
      key.cols.map((col) => sql`t.${sql.ref(col)} is not null`),
      sql` and `,
    );
    const matches = sql.join(
      key.cols.map((col, i) => sql`r.${sql.ref(key.refcols[i] ?? '')} = t.${sql.ref(col)}`),
      sql` and `,
    );
    const dangling = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(key.tbl)} t
      where t.county_code = ${countyCode} and ${present}
        and not exists (select 1 from ${sql.table(key.ref)} r where ${matches})`.execute(db);
    const n = dangling.rows[0]?.n ?? 0;
    if (n > 0) {
      throw new Error(
        `演示数据有 ${n} 行违反外键 ${key.name} / demo rows violate foreign key ${key.name}: ${n}`,
      );
    }
  }
}
