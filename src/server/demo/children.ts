// Children of one county, class by class, with their guardians, enrollment history and
// special-group memberships, written into column buffers ready for bulk insertion.

import { idCheckDigit, type SourceDepartmentCode } from '../../domain/index.ts';
import { Columns } from './columns.ts';
import { dayNumber, isoOfDay, maxDate, minDate } from './dates.ts';
import { drawFamily, guardiansOf } from './family.ts';
import { type PinyinCache, personName, surname } from './names.ts';
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
  today: string;
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

const DISABILITY_SPECIAL = new Weighted<string>([
  ['5', 50],
  ['2', 12],
  ['1', 5],
  ['3', 5],
  ['4', 5],
  ['6', 8],
  ['7', 12],
  ['8', 3],
]);
const DISABILITY_MAINSTREAM = new Weighted<string>([
  ['4', 30],
  ['1', 15],
  ['2', 15],
  ['3', 10],
  ['5', 20],
  ['6', 5],
  ['8', 5],
]);

const SOURCE_OF: Record<string, SourceDepartmentCode> = {
  orphan: 'civil_affairs',
  unsupported: 'civil_affairs',
  dibao: 'civil_affairs',
  tekun: 'civil_affairs',
  disabled: 'disabled_federation',
  poverty_household: 'rural_revitalization',
  monitored_household: 'rural_revitalization',
  left_behind: 'education',
  migrant: 'education',
  single_parent: 'school',
  struggling: 'school',
};

export function childColumns() {
  return new Columns('child', {
    county_code: 'text',
    id: 'int8',
    id_type: 'text',
    id_number: 'text',
    id_last4: 'text',
    name: 'text',
    name_initials: 'text',
    name_pinyin: 'text',
    sex: 'text',
    birth_date: 'date',
    ethnicity: 'text',
    hukou_region_code: 'text',
    hukou_address: 'text',
    hukou_nature: 'text',
    residence_address: 'text',
    student_number: 'text',
    boarding: 'text',
    health_status: 'text',
    school_id: 'int4',
    class_id: 'int4',
    grade: 'int2',
    source_id: 'int8',
  });
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

function randomDate(random: Random, from: string, to: string): string {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return b <= a ? from : isoOfDay(a + random.int(0, b - a));
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

/** Adds one class's children (and their guardians, enrollments and groups) to the buffers. */
export function addClassChildren(
  ctx: ChildContext,
  out: ChildBuffers,
  placed: PlacedClass,
  onChild?: (id: number, groups: string[]) => void,
): void {
  const { random, place, schoolYear: year, today, sources } = ctx;
  const { school, plan } = placed;
  const county = place.code;
  const yesterday = isoOfDay(dayNumber(today) - 1);
  const termStart = minDate(`${year}-09-01`, today);
  const yearEnd = `${year + 1}-08-31`;
  const taughtLastYear = plan.grade >= 2 && school.classes.some((c) => c.grade === plan.grade - 1);

  for (let n = 0; n < plan.size; n++) {
    const childId = ++ctx.ids.child;
    const sex = random.chance(0.515) ? 'male' : 'female';
    const older = random.chance(0.04);
    const entry = year - plan.grade + 1 - (older ? 1 : 0);
    const birthDate = randomDate(random, `${entry - 7}-09-01`, `${entry - 6}-08-31`);
    const birthYear = Number(birthDate.slice(0, 4));
    const homeTownship =
      school.type === 'special_education' ? random.pick(place.townships) : random.pick(school.catchment);
    const rural = !homeTownship.urban;
    const family = drawFamily(random, rural);
    const migrant = !family.leftBehind && random.chance(school.township.urban ? 0.055 : 0.012);
    const origin = migrant && ctx.origins.length > 0 ? random.pick(ctx.origins) : null;

    const familyName = surname(random);
    const name = personName(random, 'child', sex, familyName);
    const [initials, pinyin] = ctx.pinyin.of(name);

    // ID number: where the birth was registered, birth date, sequence (odd = male), check digit.
    let idType = '1';
    let idNumber: string | null = null;
    let studentNumber = '';
    if (random.chance(0.01)) {
      const kind = random.next();
      if (kind < 0.7) idType = 'Z';
      else if (kind < 0.85) {
        idType = '6';
        idNumber = `H${String(random.int(10_000_000, 99_999_999))}`;
      } else {
        idType = '8';
        idNumber = String(random.int(10_000_000, 99_999_999));
      }
      // 学籍号 for a child without a resident ID: L, county, birth date, a serial.
      do {
        studentNumber = `L${county}${birthDate.replaceAll('-', '')}${String(random.int(0, 9999)).padStart(4, '0')}`;
      } while (ctx.used.has(studentNumber));
      ctx.used.add(studentNumber);
    } else {
      const r = random.next();
      const region = origin
        ? origin.code.slice(0, 6)
        : r < 0.9
          ? county
          : r < 0.993 && ctx.otherCounties.length > 0
            ? random.pick(ctx.otherCounties)
            : random.pick(ABOLISHED_CODES);
      const prefix = `${region}${birthDate.replaceAll('-', '')}`;
      do {
        const first17 = `${prefix}${String(random.int(0, 499) * 2 + (sex === 'male' ? 1 : 0)).padStart(3, '0')}`;
        idNumber = first17 + idCheckDigit(first17);
      } while (ctx.used.has(idNumber));
      ctx.used.add(idNumber);
      studentNumber = `G${idNumber}`;
    }

    const village = homeTownship.villages.length > 0 ? random.pick(homeTownship.villages) : null;
    const hukouAddress = origin
      ? `${origin.label}${familyName.charAt(0)}${random.pick(['庄', '楼', '营', '集', '湾', '岗'])}村${random.int(1, 12)}组`
      : address(random, homeTownship, village);
    const residence =
      origin || random.chance(0.15)
        ? address(random, school.township, random.pick([null, ...school.township.villages]))
        : hukouAddress;
    const hukouNature = origin
      ? '1'
      : village?.community
        ? random.chance(0.7)
          ? '2'
          : '3'
        : random.chance(0.8)
          ? '1'
          : '3';

    const groups: Array<{ code: string; from: string; to: string | null; details?: object }> = [];
    const after = (years: number) => isoOfDay(dayNumber(birthDate) + Math.round(years * 365));
    const since = (earliest: string, latest = yesterday) =>
      randomDate(random, maxDate(earliest, birthDate), maxDate(latest, maxDate(earliest, birthDate)));
    if (family.situation === 'orphan') groups.push({ code: 'orphan', from: since(after(0.5)), to: null });
    if (family.situation === 'unsupported')
      groups.push({ code: 'unsupported', from: since('2020-06-01'), to: null });
    if (family.situation === 'single_parent')
      groups.push({ code: 'single_parent', from: since(after(1)), to: null });
    if (family.leftBehind) {
      groups.push({
        code: 'left_behind',
        from: termStart,
        to: yearEnd,
        details: {
          status: family.situation === 'left_behind' ? '2' : '1',
          guardianship: family.guardianship,
        },
      });
    }
    const disabled = school.type === 'special_education' || random.chance(0.0035);
    if (disabled) {
      const special = school.type === 'special_education';
      groups.push({
        code: 'disabled',
        from: since(after(2)),
        to: null,
        details: {
          category: (special ? DISABILITY_SPECIAL : DISABILITY_MAINSTREAM).pick(random),
          level: String(special ? random.int(1, 3) : random.int(2, 4)),
        },
      });
    }
    if (random.chance(rural ? 0.08 : 0.035))
      groups.push({ code: 'poverty_household', from: since('2015-01-01', '2020-12-31'), to: null });
    else if (random.chance(rural ? 0.013 : 0.006))
      groups.push({ code: 'monitored_household', from: since('2021-03-01'), to: null });
    const vulnerable = family.situation === 'orphan' || family.situation === 'unsupported';
    if (random.chance(vulnerable || family.situation === 'single_parent' ? 0.15 : 0.025))
      groups.push({
        code: 'dibao',
        from: since(`${Number(today.slice(0, 4)) - 3}-01-01`),
        to: `${today.slice(0, 4)}-12-31`,
      });
    if (
      random.chance(family.situation === 'orphan' ? 0.6 : family.situation === 'unsupported' ? 0.3 : 0.0005)
    )
      groups.push({
        code: 'tekun',
        from: since(`${Number(today.slice(0, 4)) - 3}-01-01`),
        to: `${today.slice(0, 4)}-12-31`,
      });
    if (plan.grade >= 2 && random.chance(family.leftBehind ? 0.07 : 0.04))
      groups.push({ code: 'struggling', from: termStart, to: yearEnd });
    if (migrant) groups.push({ code: 'migrant', from: maxDate(`${entry}-09-01`, birthDate), to: null });

    const minority = random.chance(homeTownship.name.includes('畲族') ? 0.3 : 0.008);
    out.child.push({
      county_code: county,
      id: childId,
      id_type: idType,
      id_number: idNumber,
      id_last4: idNumber && idNumber.length >= 4 ? idNumber.slice(-4) : null,
      name,
      name_initials: initials,
      name_pinyin: pinyin,
      sex,
      birth_date: birthDate,
      ethnicity: minority ? (homeTownship.name.includes('畲族') ? '22' : MINORITIES.pick(random)) : '01',
      hukou_region_code: origin ? origin.code : (village?.code ?? homeTownship.code),
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

    for (const g of guardiansOf(random, family, familyName, birthYear, county)) {
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

    const enrollment = (schoolYear: number, grade: number, classId: number | null, current: boolean) =>
      out.enrollment.push({
        county_code: county,
        id: ++ctx.ids.enrollment,
        child_id: childId,
        school_year: schoolYear,
        school_id: placed.schoolId,
        class_id: classId,
        grade,
        started_on: `${schoolYear}-09-01`,
        ended_on: current ? null : `${schoolYear + 1}-08-31`,
        end_reason: current ? null : 'promoted',
      });
    // Last year in the same school when it teaches the grade below (class rosters are per year).
    if (taughtLastYear && !(migrant && plan.grade === 2)) enrollment(year - 1, plan.grade - 1, null, false);
    enrollment(year, plan.grade, placed.classId, true);

    for (const group of groups) {
      const department = SOURCE_OF[group.code] as SourceDepartmentCode;
      out.membership.push({
        county_code: county,
        id: ++ctx.ids.membership,
        child_id: childId,
        group_code: group.code,
        source_department: department,
        source_id: sources[department],
        valid_from: group.from,
        valid_to: group.to,
        details: JSON.stringify(group.details ?? {}),
      });
    }
    onChild?.(
      childId,
      groups.map((g) => g.code),
    );
  }
}
