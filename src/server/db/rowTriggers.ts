// Foreign-key checks run as one trigger query per written row and constraint: most of the cost of
// a bulk write. Where the database lets us (as it lets pg_restore), session_replication_role =
// replica turns them off for the rest of the transaction (SET LOCAL); each caller says why its
// rows cannot dangle, or verifies them itself.

import { type Kysely, sql } from 'kysely';
import type { DB } from './types.ts';

/**
 * Whether the per-row trigger checks of `tables` may be turned off: the database allows it, the
 * tables carry no triggers of their own, and (when `foreignKeys` is given, as `table(columns)`)
 * their foreign keys are exactly those the caller accounts for. A key added later then keeps its
 * row-by-row checks.
 */
export async function rowTriggersSkippable(
  db: Kysely<DB>,
  tables: readonly string[],
  foreignKeys?: readonly string[],
): Promise<boolean> {
  const regclasses = sql.join(tables.map((t) => sql`${t}::regclass`));
  const result = await sql<{ allowed: boolean; keys: string[] | null }>`
    select has_parameter_privilege('session_replication_role', 'SET')
        and not exists (select 1 from pg_trigger where not tgisinternal and tgrelid in (${regclasses})) as allowed,
      (select array_agg(c.conrelid::regclass::text || '(' ||
          (select string_agg(a.attname, ',' order by k.i) from unnest(c.conkey) with ordinality k(n, i)
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n) || ')')
        from pg_constraint c
        where c.contype = 'f' and c.conrelid in (${regclasses})) as keys`.execute(db);
  const row = result.rows[0];
  if (row?.allowed !== true) return false;
  if (!foreignKeys) return true;
  return [...(row.keys ?? [])].sort().join(' ') === [...foreignKeys].sort().join(' ');
}

/** SET LOCAL: the setting ends with the transaction whatever happens. */
export async function setRowTriggers(db: Kysely<DB>, on: boolean): Promise<void> {
  await sql`set local session_replication_role = ${sql.raw(on ? 'origin' : 'replica')}`.execute(db);
}
