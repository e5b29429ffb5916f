import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/** Children of a region, or the provinces when no parent is given. */
export function listRegions(db: Kysely<DB>, parent: string | undefined) {
  const query = db.selectFrom('region').select(['code', 'name', 'level']).orderBy('code');
  return (parent ? query.where('parent_code', '=', parent) : query.where('level', '=', 'province')).execute();
}
