import type { Kysely } from 'kysely';
import { idCheckDigit, nameInitials, namePinyin } from '../../src/domain/index.ts';
import type { DB } from '../../src/server/db/types.ts';

export interface ForeignRecords {
  countyCode: string;
  schoolId: number;
  classId: number;
  childId: number;
  childName: string;
  guardianId: number;
  membershipId: number;
}

/**
 * A second county in another province (东城区, 110101) with one school, class and child: outside
 * every demo user's jurisdiction, so any route that shows it to them has a hole.
 */
export async function addForeignCounty(db: Kysely<DB>): Promise<ForeignRecords> {
  const countyCode = '110101';
  await db
    .insertInto('county')
    .values({ county_code: countyCode, region_code: '110101000000', name: '东城区教委' })
    .execute();
  const school = await db
    .insertInto('school')
    .values({
      code: '1111010001',
      name: '东城区测试小学',
      type: 'primary',
      county_code: countyCode,
      region_code: '110101001000',
      township_code: '110101001000',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const schoolClass = await db
    .insertInto('school_class')
    .values({ school_id: school.id, county_code: countyCode, school_year: 2026, grade: 3, class_number: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const prefix = '11010120170405123';
  const idNumber = prefix + idCheckDigit(prefix);
  const childName = '外县童';
  const child = await db
    .insertInto('child')
    .values({
      county_code: countyCode,
      id_number: idNumber,
      id_last4: idNumber.slice(-4),
      name: childName,
      name_initials: nameInitials(childName),
      name_pinyin: namePinyin(childName),
      sex: 'female',
      birth_date: '2017-04-05',
      student_number: `G${idNumber}`,
      school_id: school.id,
      class_id: schoolClass.id,
      grade: 3,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const guardian = await db
    .insertInto('guardian')
    .values({
      county_code: countyCode,
      child_id: child.id,
      name: '外县家长',
      relation: 'mother',
      phone: '13800000000',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const membership = await db
    .insertInto('group_membership')
    .values({
      county_code: countyCode,
      child_id: child.id,
      group_code: 'left_behind',
      source_department: 'education',
      valid_from: '2026-09-01',
      details: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('enrollment')
    .values({
      county_code: countyCode,
      child_id: child.id,
      school_year: 2026,
      school_id: school.id,
      class_id: schoolClass.id,
      grade: 3,
      started_on: '2026-09-01',
    })
    .execute();
  return {
    countyCode,
    schoolId: school.id,
    classId: schoolClass.id,
    childId: child.id,
    childName,
    guardianId: guardian.id,
    membershipId: membership.id,
  };
}
