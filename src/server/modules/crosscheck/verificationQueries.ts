// The township's side: who may be verified, outcomes and pending return cases, the check sheet.

import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

type Db = Kysely<DB>;

/** Where the county's latest run placed a person, for the township's right to verify them. */
export function subjectPlace(db: Db, countyCode: string, subjectKey: string) {
  return db
    .selectFrom('finding as f')
    .leftJoin('list_record as r', (j) =>
      j
        .onRef('r.county_code', '=', 'f.county_code')
        .onRef('r.import_id', '=', 'f.import_id')
        .onRef('r.list_row', '=', 'f.list_row'),
    )
    .select(['f.township_code', 'f.village_code', 'r.name', 'r.id_number', 'r.birth_date'])
    .where('f.county_code', '=', countyCode)
    .where('f.subject_key', '=', subjectKey)
    .where('f.code', '=', 'not_enrolled')
    .orderBy('f.run_id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertVerification(
  db: Db,
  row: {
    countyCode: string;
    subjectKey: string;
    outcome: string;
    schoolName?: string;
    proof?: string;
    note?: string;
  },
  userId: number | null,
  now: Date,
): Promise<number> {
  const saved = await db
    .insertInto('finding_verification')
    .values({
      county_code: row.countyCode,
      subject_key: row.subjectKey,
      outcome: row.outcome,
      school_name: row.schoolName || null,
      proof: row.proof || null,
      note: row.note || null,
      verified_by: userId,
      verified_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return saved.id;
}

/** Opens the pending return case of a subject, once: a second out-of-school outcome keeps the first case. */
export async function openPendingCase(
  db: Db,
  row: {
    countyCode: string;
    subjectKey: string;
    verificationId: number;
    name: string | null;
    idNumber: string | null;
    birthDate: string | null;
    townshipCode: string | null;
    villageCode: string | null;
  },
  userId: number | null,
  now: Date,
): Promise<number | null> {
  const saved = await db
    .insertInto('return_case_pending')
    .values({
      county_code: row.countyCode,
      subject_key: row.subjectKey,
      verification_id: row.verificationId,
      name: row.name,
      id_number: row.idNumber,
      birth_date: row.birthDate,
      township_code: row.townshipCode,
      village_code: row.villageCode,
      opened_by: userId,
      opened_at: now,
    })
    .onConflict((oc) => oc.columns(['county_code', 'subject_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (saved) return saved.id;
  const existing = await db
    .selectFrom('return_case_pending')
    .select('id')
    .where('county_code', '=', row.countyCode)
    .where('subject_key', '=', row.subjectKey)
    .executeTakeFirst();
  return existing?.id ?? null;
}

export function checkSheetRows(
  db: Db,
  run: { countyCode: string; id: number },
  township: string,
  village?: string,
) {
  let query = db
    .selectFrom('finding as f')
    .innerJoin('list_record as r', (j) =>
      j
        .onRef('r.county_code', '=', 'f.county_code')
        .onRef('r.import_id', '=', 'f.import_id')
        .onRef('r.list_row', '=', 'f.list_row'),
    )
    .leftJoin('region as v', 'v.code', 'f.village_code')
    .select([
      'f.village_code',
      'v.name as village_name',
      'r.name',
      'r.sex',
      'r.birth_date',
      'r.id_number',
      'r.address',
    ])
    .where('f.county_code', '=', run.countyCode)
    .where('f.run_id', '=', run.id)
    .where('f.code', '=', 'not_enrolled')
    .where('f.township_code', '=', township);
  if (village) query = query.where('f.village_code', '=', village);
  return query.orderBy('f.village_code').orderBy('r.name').execute();
}

export function regionName(db: Db, code: string) {
  return db.selectFrom('region').select('name').where('code', '=', code).executeTakeFirst();
}

export function findingSubject(db: Db, countyCode: string, findingId: number) {
  return db
    .selectFrom('finding')
    .select('subject_key')
    .where('county_code', '=', countyCode)
    .where('id', '=', findingId)
    .executeTakeFirst();
}
