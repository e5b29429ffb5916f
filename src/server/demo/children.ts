// Children of one county, class by class, with their guardians, enrollment history and
// special-group memberships, written into column buffers ready for bulk insertion.

import { idCheckDigit, type SourceDepartmentCode } from '../../domain/index.ts';
import { CHILD_COLUMN_TYPES } from '../db/childColumns.ts';
import { Columns } from './columns.ts';
import { dayNumber, isoOfDay } from './dates.ts';
import { drawFamily, guardiansOf } from './family.ts';
import { drawGroups, type GroupCalendar, SOURCE_OF } from './groups.ts';
import { givenName, type PinyinCache, surname } from './names.ts';
import type { ClassPlan, CountyPlace, SchoolPlan, Township, Village } from './plan.ts';
import { type Random, Weighted } from './random.ts';

export interface Origin {
  /** A township elsewhere (12 digits), the hukou of a migrant child. */
  code: string;
  /** '临泉县城关街道' */
  label: string;
}

export interface ChildContext {
  random: Random;
  place: CountyPlace;
  schoolYear: number;
  calendar: GroupCalendar;
  /** Other counties of the province, for children born (and registered) elsewhere. */
  otherCounties: string[];
  origins: Origin[];
  sources: Record<SourceDepartmentCode, number>;
  /** Last id used per table; advanced as rows are made. */
  ids: { child: number; guardian: number; enrollment: number; membership: number };
  /** ID and L student numbers already issued in this load, across counties. */
  used: Set<string>;
  pinyin: PinyinCache;
}

// 宣城地区's county codes before the 2000 reorganisation: abolished, still on old registrations.
const ABOLISHED_CODES = ['342501', '342522', '342523', '342529', '342530', '342531', '342581'];

const MINORITIES = new Weighted<string>([
  ['22', 4], // 畲族
  ['03', 2], // 回族
  ['11', 1], // 满族
  ['06', 1], // 苗族
  ['15', 1], // 土家族
  ['08', 1], // 壮族
]);

const ORIGIN_HAMLETS = ['庄', '楼', '营', '集', '湾', '岗'];

export function childColumns() {
  return new Columns('child', CHILD_COLUMN_TYPES);
}

export function guardianColumns() {
  return new Columns('guardian', {
    county_code: 'text',
    id: 'int8',
    child_id: 'int8',
    name: 'text',
    relation: 'text',
    phone: 'text',
    id_number: 'text',
    is_guardian: 'bool',
    working_away: 'bool',
    work_place: 'text',
  });
}

export function enrollmentColumns() {
  return new Columns('enrollment', {
    county_code: 'text',
    id: 'int8',
    child_id: 'int8',
    school_year: 'int2',
    school_id: 'int4',
    class_id: 'int4',
    grade: 'int2',
    started_on: 'date',
    ended_on: 'date',
    end_reason: 'text',
  });
}

export function membershipColumns() {
  return new Columns('group_membership', {
    county_code: 'text',
    id: 'int8',
    child_id: 'int8',
    group_code: 'text',
    source_department: 'text',
    source_id: 'int8',
    valid_from: 'date',
    valid_to: 'date',
    details: 'jsonb',
  });
}

export interface ChildBuffers {
  child: ReturnType<typeof childColumns>;
  guardian: ReturnType<typeof guardianColumns>;
  enrollment: ReturnType<typeof enrollmentColumns>;
  membership: ReturnType<typeof membershipColumns>;
}

export function newBuffers(): ChildBuffers {
  return {
    child: childColumns(),
    guardian: guardianColumns(),
    enrollment: enrollmentColumns(),
    membership: membershipColumns(),
  };
}

export interface PlacedClass {
  school: SchoolPlan;
  schoolId: number;
  classId: number;
  plan: ClassPlan;
}

function address(random: Random, township: Township, village: Village | null): string {
  if (!village) return `${township.name}${random.int(1, 300)}号`;
  return village.community
    ? `${township.name}${village.short}${random.int(1, 40)}栋${random.int(1, 6)}0${random.int(1, 4)}室`
    : `${township.name}${village.short}${random.int(1, 12)}组`;
}

function boardingChance(school: SchoolPlan, grade: number, leftBehind: boolean): number {
  const extra = leftBehind ? 0.1 : 0;
  switch (school.type) {
    case 'teaching_point':
      return 0;
    case 'special_education':
      return 0.5;
    case 'junior_middle':
      return (school.township.urban ? 0.25 : 0.45) + extra;
    default:
      if (grade >= 7) return 0.4 + extra;
      if (school.township.urban || grade < 4) return 0;
      return 0.08 + extra;
  }
}

/**
 * Resident ID (GB 11643): where the birth was registered — usually this county, sometimes
 * another county of the province or a code abolished since — the birth date, a sequence whose
 * last digit is odd for boys, and the check digit. Unique within the load.
 */
function residentId(ctx: ChildContext, region: string, compactBirth: string, male: boolean): string {
  const prefix = region + compactBirth;
  let id: string;
  do {
    const first17 = prefix + String(ctx.random.int(0, 499) * 2 + (male ? 1 : 0)).padStart(3, '0');
    id = first17 + idCheckDigit(first17);
  } while (ctx.used.has(id));
  ctx.used.add(id);
  return id;
}

/** 学籍号 for a child without a resident ID: L, county, birth date, a serial. */
function lNumber(ctx: ChildContext, compactBirth: string): string {
  let number: string;
  do {
    number = `L${ctx.place.code}${compactBirth}${String(ctx.random.int(0, 9999)).padStart(4, '0')}`;
  } while (ctx.used.has(number));
  ctx.used.add(number);
  return number;
}

/** Adds one class's children (and their guardians, enrollments and groups) to the buffers. */
export function addClassChildren(
  ctx: ChildContext,
  out: ChildBuffers,
  placed: PlacedClass,
  onChild?: (id: number, groups: readonly { code: string }[]) => void,
): void {
  const { random, place, schoolYear: year, sources } = ctx;
  const { school, plan } = placed;
  const county = place.code;
  const taughtLastYear = plan.grade >= 2 && school.classes.some((c) => c.grade === plan.grade - 1);
  const specialSchool = school.type === 'special_education';

  for (let n = 0; n < plan.size; n++) {
    const childId = ++ctx.ids.child;
    const male = random.chance(0.515);
    // A few per cent started a year late (or repeated): born a year earlier than the grade says.
    const entryYear = year - plan.grade + 1 - (random.chance(0.04) ? 1 : 0);
    const firstDay = dayNumber(`${entryYear - 7}-09-01`);
    const birthDate = isoOfDay(firstDay + random.int(0, dayNumber(`${entryYear - 6}-08-31`) - firstDay));
    const compactBirth = birthDate.replaceAll('-', '');
    const home = specialSchool ? random.pick(place.townships) : random.pick(school.catchment);
    const family = drawFamily(random, !home.urban);
    const migrant =
      !family.leftBehind && ctx.origins.length > 0 && random.chance(school.township.urban ? 0.055 : 0.012);
    const origin = migrant ? random.pick(ctx.origins) : null;

    const familyName = surname(random);
    const given = givenName(random, 'child', male ? 'male' : 'female');
    const [initials, pinyin] = ctx.pinyin.of(familyName, given);

    let idType = '1';
    let idNumber: string | null;
    let studentNumber: string;
    if (random.chance(0.01)) {
      const kind = random.next();
      idType = kind < 0.7 ? 'Z' : kind < 0.85 ? '6' : '8';
      const digits = String(random.int(10_000_000, 99_999_999));
      idNumber = idType === 'Z' ? null : idType === '6' ? `H${digits}` : digits;
      studentNumber = lNumber(ctx, compactBirth);
    } else {
      const r = random.next();
      const region = origin
        ? origin.code.slice(0, 6)
        : r < 0.9 || ctx.otherCounties.length === 0
          ? county
          : r < 0.993
            ? random.pick(ctx.otherCounties)
            : random.pick(ABOLISHED_CODES);
      idNumber = residentId(ctx, region, compactBirth, male);
      studentNumber = `G${idNumber}`;
    }

    const village = home.villages.length > 0 ? random.pick(home.villages) : null;
    const hukouAddress = origin
      ? `${origin.label}${familyName.charAt(0)}${random.pick(ORIGIN_HAMLETS)}村${random.int(1, 12)}组`
      : address(random, home, village);
    const localVillages = school.township.villages;
    const residence =
      origin || random.chance(0.15)
        ? address(random, school.township, localVillages.length > 0 ? random.pick(localVillages) : null)
        : hukouAddress;
    let hukouNature = '1';
    if (!origin)
      hukouNature = village?.community ? (random.chance(0.7) ? '2' : '3') : random.chance(0.8) ? '1' : '3';

    const groups = drawGroups(
      random,
      { birthDate, entryYear, grade: plan.grade, rural: !home.urban, family, specialSchool, migrant },
      ctx.calendar,
    );
    const disabled = groups.some((g) => g.code === 'disabled');
    const she = home.name.includes('畲族');
    const minority = random.chance(she ? 0.3 : 0.008);

    out.child.push({
      county_code: county,
      id: childId,
      id_type: idType,
      id_number: idNumber,
      id_last4: idNumber && idNumber.length >= 4 ? idNumber.slice(-4) : null,
      name: familyName + given,
      name_initials: initials,
      name_pinyin: pinyin,
      sex: male ? 'male' : 'female',
      birth_date: birthDate,
      ethnicity: minority ? (she ? '22' : MINORITIES.pick(random)) : '01',
      hukou_region_code: origin ? origin.code : (village?.code ?? home.code),
      hukou_address: hukouAddress,
      hukou_nature: hukouNature,
      residence_address: residence,
      student_number: studentNumber,
      boarding: random.chance(boardingChance(school, plan.grade, family.leftBehind)) ? 'boarding' : 'day',
      health_status: disabled ? '6' : random.chance(0.02) ? '3' : random.chance(0.04) ? '2' : '1',
      school_id: placed.schoolId,
      class_id: placed.classId,
      grade: plan.grade,
      source_id: sources.education,
    });

    for (const g of guardiansOf(random, family, familyName, Number(birthDate.slice(0, 4)), county)) {
      out.guardian.push({
        county_code: county,
        id: ++ctx.ids.guardian,
        child_id: childId,
        name: g.name,
        relation: g.relation,
        phone: g.phone,
        id_number: g.idNumber,
        is_guardian: true,
        working_away: g.workingAway,
        work_place: g.workPlace,
      });
    }

    // Last year in the same school when it teaches the grade below (no class: rosters are per year).
    if (taughtLastYear && !(migrant && plan.grade === 2)) {
      out.enrollment.push({
        county_code: county,
        id: ++ctx.ids.enrollment,
        child_id: childId,
        school_year: year - 1,
        school_id: placed.schoolId,
        class_id: null,
        grade: plan.grade - 1,
        started_on: `${year - 1}-09-01`,
        ended_on: `${year}-08-31`,
        end_reason: 'promoted',
      });
    }
    out.enrollment.push({
      county_code: county,
      id: ++ctx.ids.enrollment,
      child_id: childId,
      school_year: year,
      school_id: placed.schoolId,
      class_id: placed.classId,
      grade: plan.grade,
      started_on: `${year}-09-01`,
      ended_on: null,
      end_reason: null,
    });

    for (const group of groups) {
      const department = SOURCE_OF[group.code];
      out.membership.push({
        county_code: county,
        id: ++ctx.ids.membership,
        child_id: childId,
        group_code: group.code,
        source_department: department,
        source_id: sources[department],
        valid_from: group.from,
        valid_to: group.to,
        details: group.details,
      });
    }
    onChild?.(childId, groups);
  }
}
