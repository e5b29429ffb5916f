import { type Kysely, sql } from 'kysely';
import type { Grant } from '../auth/actor.ts';
import type { DB } from '../db/types.ts';

export interface AuditSearch {
  username?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** An auditor at county level reads that county's rows and the county-less ones (sign-ins). */
export async function searchAudit(db: Kysely<DB>, grants: readonly Grant[], search: AuditSearch) {
  const national = grants.some((g) => g.level === 'national');
  const prefixes = grants.flatMap((g) => (g.regionPrefix ? [g.regionPrefix.slice(0, 6)] : []));
  let query = db.selectFrom('audit_log');
  if (!national) {
    query = query.where((eb) =>
      eb.or([eb('county_code', 'is', null), ...prefixes.map((p) => eb('county_code', 'like', `${p}%`))]),
    );
  }
  if (search.username) query = query.where('username', '=', search.username);
  if (search.action) query = query.where('action', 'like', `${search.action}%`);
  if (search.entity) query = query.where('entity', '=', search.entity);
  if (search.entityId) query = query.where('entity_id', '=', search.entityId);
  if (search.from) query = query.where('at', '>=', sql<string>`${search.from}::date`);
  if (search.to) query = query.where('at', '<', sql<string>`${search.to}::date + 1`);
  const [count] = await query.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const items = await query
    .selectAll()
    .orderBy('id', 'desc')
    .limit(search.limit)
    .offset(search.offset)
    .execute();
  return { total: Number(count?.total ?? 0), items };
}
