// Test factory: government lists inserted straight into list_import/list_record (the import
// service has its own tests), built from the tiny demo county's children with known truth.

import type { Kysely } from 'kysely';
import { idCheckDigit } from '../../../domain/index.ts';
import type { DB } from '../../db/types.ts';
import type { ListKind } from './runQueries.ts';

export type TestListRow = {
  idNumber?: string | null;
  name?: string | null;
  sex?: '1' | '2' | null;
  birthDate?: string | null;
  regionCode?: string | null;
  townshipCode?: string | null;
  villageCode?: string | null;
  address?: string | null;
  hukouStatus?: 'normal' | 'cancelled' | 'moved_out' | null;
  groupCode?: string | null;
};

const DEPARTMENT: Record<ListKind, string> = {
  police: 'police',
  poverty: 'rural_revitalization',
  disabled: 'disabled_federation',
  civil: 'civil_affairs',
};

/** Inserts one current list; rows are numbered 1, 2, … in the order given. Returns the import id. */
export async function insertList(
  db: Kysely<DB>,
  countyCode: string,
  kind: ListKind,
  rows: readonly TestListRow[],
  issuingUnit = '',
): Promise<number> {
  const source = await db
    .insertInto('data_source')
    .values({ county_code: countyCode, department: DEPARTMENT[kind], issuing_unit: issuingUnit || null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const listImport = await db
    .insertInto('list_import')
    .values({
      county_code: countyCode,
      kind,
      source_id: source.id,
      issuing_unit: issuingUnit,
      file_name: `${kind}.xlsx`,
      format: 'xlsx',
      status: 'current',
      read_rows: rows.length,
      accepted: rows.length,
      rejected: 0,
      header_row: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (rows.length > 0) {
    await db
      .insertInto('list_record')
      .values(
        rows.map((row, i) => ({
          county_code: countyCode,
          import_id: listImport.id,
          list_row: i + 1,
          id_number: row.idNumber ?? null,
          id_valid: Boolean(row.idNumber),
          name: row.name ?? null,
          sex: row.sex ?? null,
          birth_date: row.birthDate ?? null,
          region_code: row.regionCode ?? null,
          township_code: row.townshipCode ?? null,
          village_code: row.villageCode ?? null,
          address: row.address ?? null,
          hukou_status: row.hukouStatus === undefined ? 'normal' : row.hukouStatus,
          group_code: row.groupCode ?? null,
        })),
      )
      .execute();
  }
  return listImport.id;
}

export type DemoChild = {
  id: number;
  countyCode: string;
  /** null for the children registered with an L student number. */
  idNumber: string | null;
  name: string;
  sex: '1' | '2';
  birthDate: string;
  studentNumber: string | null;
  schoolId: number | null;
};

export async function demoChildren(db: Kysely<DB>, countyCode: string): Promise<DemoChild[]> {
  const rows = await db
    .selectFrom('child')
    .select(['id', 'county_code', 'id_number', 'name', 'sex', 'birth_date', 'student_number', 'school_id'])
    .where('county_code', '=', countyCode)
    .where('ended_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    countyCode: r.county_code,
    idNumber: r.id_number,
    name: r.name,
    sex: r.sex === 'female' ? '2' : '1',
    birthDate: r.birth_date,
    studentNumber: r.student_number,
    schoolId: r.school_id,
  }));
}

/** A valid ID for someone of that birth date registered in the region (sequence picks the person). */
export function makeId(region6: string, birthDate: string, sequence: number, sex: '1' | '2'): string {
  const seq = String(sequence % 100).padStart(2, '0');
  const last = (sequence % 5) * 2 + (sex === '1' ? 1 : 0);
  const first17 = `${region6}${birthDate.replaceAll('-', '')}${seq}${last}`;
  return first17 + idCheckDigit(first17);
}

/** One digit changed (not the check digit): what a typist does; never a valid ID. */
export function typoId(id: string): string {
  const digit = id.charAt(15) === '9' ? '0' : String(Number(id.charAt(15)) + 1);
  return `${id.slice(0, 15)}${digit}${id.slice(16)}`;
}

/** A new number for the same person: region and birth date kept, sequence changed, sex digit kept. */
export function reissuedId(id: string): string {
  const sequence = id.slice(14, 16) === '98' ? '97' : '98';
  const first17 = `${id.slice(0, 14)}${sequence}${id.charAt(16)}`;
  return first17 + idCheckDigit(first17);
}

export const asListRow = (child: DemoChild, overrides: TestListRow = {}): TestListRow => ({
  idNumber: child.idNumber,
  name: child.name,
  sex: child.sex,
  birthDate: child.birthDate,
  ...overrides,
});

export const XILIN_TOWNSHIP = '341802001000';
export const XILIN_VILLAGE = '341802001003';
export const SHUIYANG_TOWNSHIP = '341802100000';

export type Scenario = {
  children: DemoChild[];
  policeImport: number;
  /** The police list's rows for each planted case. */
  rows: {
    cancelled: number;
    mismatch: number;
    duplicateCopy: number;
    duplicateTypo: number;
    duplicateReissued: number;
    notEnrolledXilin: number;
    notEnrolledShuiyang: number;
  };
  cancelled: DemoChild;
  mismatch: DemoChild;
  missingFromPolice: DemoChild;
  groupUnknown: DemoChild[];
  notEnrolledIds: string[];
};

/**
 * The tiny demo county's police list with every case planted once, plus disabled and poverty
 * lists naming two children the schools do not know as such (and one they do).
 */
export async function seedScenario(db: Kysely<DB>, countyCode = '341802'): Promise<Scenario> {
  const children = await demoChildren(db, countyCode);
  const memberships = await db
    .selectFrom('group_membership')
    .select(['child_id', 'group_code'])
    .where('county_code', '=', countyCode)
    .where('ended_at', 'is', null)
    .execute();
  const groupsOf = (child: DemoChild) =>
    memberships.filter((m) => m.child_id === child.id).map((m) => m.group_code);
  const withId = children.filter((c) => c.idNumber !== null);
  const [cancelled, mismatch, duplicated, typoed, missing] = withId as [
    DemoChild,
    DemoChild,
    DemoChild,
    DemoChild,
    DemoChild,
  ];
  const plain = withId.slice(5).filter((c) => groupsOf(c).length === 0);
  const disabledUnknown = plain[0] as DemoChild;
  const povertyUnknown = plain[1] as DemoChild;
  const knownDisabled = children.find((c) => groupsOf(c).includes('disabled')) as DemoChild;
  // Registered again under a new number: the same region and birth digits, the same village.
  const reissued = withId.at(-1) as DemoChild;

  const police: TestListRow[] = children
    .filter((c) => c !== missing)
    .map((c) =>
      c === cancelled
        ? asListRow(c, { hukouStatus: 'cancelled' })
        : c === reissued
          ? asListRow(c, { regionCode: XILIN_VILLAGE })
          : c === mismatch
            ? asListRow(c, { sex: c.sex === '1' ? '2' : '1' })
            : asListRow(c),
    );
  const row = (child: DemoChild) => children.filter((c) => c !== missing).indexOf(child) + 1;
  const p1 = makeId(countyCode, '2016-03-10', 71, '1');
  const p2 = makeId(countyCode, '2014-07-01', 72, '2');
  police.push(asListRow(duplicated));
  const duplicateCopy = police.length;
  police.push(asListRow(typoed, { idNumber: typoId(typoed.idNumber as string) }));
  const duplicateTypo = police.length;
  police.push(
    asListRow(reissued, { idNumber: reissuedId(reissued.idNumber as string), regionCode: XILIN_VILLAGE }),
  );
  const duplicateReissued = police.length;
  police.push({
    idNumber: p1,
    name: '陆小川',
    sex: '1',
    birthDate: '2016-03-10',
    townshipCode: XILIN_TOWNSHIP,
    villageCode: XILIN_VILLAGE,
    address: '西林街道某社区 12 号',
  });
  const notEnrolledXilin = police.length;
  police.push({
    idNumber: p2,
    name: '韦思琪',
    sex: '2',
    birthDate: '2014-07-01',
    regionCode: '341802100205',
  });
  const notEnrolledShuiyang = police.length;
  police.push({
    idNumber: makeId(countyCode, '1980-05-05', 73, '1'),
    name: '成年人',
    sex: '1',
    birthDate: '1980-05-05',
  });
  police.push({
    idNumber: makeId(countyCode, '2015-02-02', 74, '2'),
    name: '已注销',
    sex: '2',
    birthDate: '2015-02-02',
    hukouStatus: 'cancelled',
  });
  police.push({
    idNumber: makeId(countyCode, '2022-09-09', 75, '1'),
    name: '学龄前',
    sex: '1',
    birthDate: '2022-09-09',
  });
  const policeImport = await insertList(db, countyCode, 'police', police, '西林派出所');
  await insertList(db, countyCode, 'disabled', [asListRow(disabledUnknown), asListRow(knownDisabled)]);
  await insertList(db, countyCode, 'poverty', [
    asListRow(povertyUnknown, { groupCode: 'monitored_household' }),
  ]);
  return {
    children,
    policeImport,
    rows: {
      cancelled: row(cancelled),
      mismatch: row(mismatch),
      duplicateCopy,
      duplicateTypo,
      duplicateReissued,
      notEnrolledXilin,
      notEnrolledShuiyang,
    },
    cancelled,
    mismatch,
    missingFromPolice: missing,
    groupUnknown: [disabledUnknown, povertyUnknown],
    notEnrolledIds: [p1, p2],
  };
}
