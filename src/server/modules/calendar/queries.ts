import type { Kysely } from 'kysely';
import type { CalendarEntryKind } from '../../../domain/schoolCalendar.ts';
import type { DB } from '../../db/types.ts';

export function termsOf(db: Kysely<DB>, countyCode: string) {
  return db
    .selectFrom('school_term')
    .select(['school_year', 'term', 'starts_on', 'ends_on'])
    .where('county_code', '=', countyCode)
    .orderBy('starts_on')
    .execute();
}

export function entriesOf(db: Kysely<DB>, countyCode: string, from?: string, to?: string) {
  let query = db
    .selectFrom('calendar_entry as e')
    .leftJoin('school as s', 's.id', 'e.school_id')
    .select(['e.id', 'e.day', 'e.school_id', 'e.kind', 'e.note', 's.name as school_name'])
    .where('e.county_code', '=', countyCode);
  if (from) query = query.where('e.day', '>=', from);
  if (to) query = query.where('e.day', '<=', to);
  return query.orderBy('e.day').execute();
}

export function insertEntry(
  db: Kysely<DB>,
  row: {
    countyCode: string;
    day: string;
    schoolId: number | null;
    kind: CalendarEntryKind;
    note: string | null;
    createdBy: number | null;
  },
) {
  return db
    .insertInto('calendar_entry')
    .values({
      county_code: row.countyCode,
      day: row.day,
      school_id: row.schoolId,
      kind: row.kind,
      note: row.note,
      created_by: row.createdBy,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
}

export function deleteEntry(db: Kysely<DB>, countyCode: string, id: number) {
  return db
    .deleteFrom('calendar_entry')
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
