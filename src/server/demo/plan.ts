// The shape of a demo county: which schools stand in which township, whom they serve and how
// many classes of what size they run. Pure: region lists in, plan out.

import type { SchoolTypeCode } from '../../domain/index.ts';
import type { Random } from './random.ts';

export interface Village {
  code: string;
  /** '金宝圩村', '城西社区' */
  short: string;
  community: boolean;
}

export interface Township {
  code: string;
  name: string;
  /** The name without 街道/镇/乡, for school names: 西林, 水阳. */
  short: string;
  urban: boolean;
  villages: Village[];
}

export interface CountyPlace {
  code: string;
  name: string;
  cityName: string;
  provinceName: string;
  /** Townships that may host schools, in code order; the first is the county seat. */
  townships: Township[];
}

export interface ClassPlan {
  grade: number;
  number: number;
  size: number;
}

export interface SchoolPlan {
  code: string;
  name: string;
  type: SchoolTypeCode;
  township: Township;
  /** Where the school stands; null when the township has no village list. */
  village: Village | null;
  catchment: Township[];
  classes: ClassPlan[];
}

// Births peaked around 2016–2017 and have fallen since, so lower grades are smaller.
const GRADE_FACTOR = [0.82, 0.88, 0.94, 1.02, 1.08, 1.06, 1.04, 1.02, 1.0];

const NUMERALS = '〇一二三四五六七八九';
export function chineseNumber(n: number): string {
  if (n < 10) return NUMERALS.charAt(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : NUMERALS.charAt(tens)}十${ones === 0 ? '' : NUMERALS.charAt(ones)}`;
}

/** '一年级（1）班' */
export function className(grade: number, number: number): string {
  return `${chineseNumber(grade)}年级（${number}）班`;
}

/** Builds the township list from region rows (code order), dropping farms, prisons and zones. */
export function townshipsFrom(
  rows: ReadonlyArray<{ code: string; name: string; level: string; parent_code: string | null }>,
): Township[] {
  const townships = new Map<string, Township>();
  for (const row of rows) {
    if (row.level === 'township' && Number(row.code.slice(6, 9)) < 400) {
      townships.set(row.code, {
        code: row.code,
        name: row.name,
        short: row.name.replace(/(街道|镇|乡)$/, ''),
        urban: row.name.endsWith('街道'),
        villages: [],
      });
    }
  }
  for (const row of rows) {
    if (row.level !== 'village' || row.parent_code === null || row.name.includes('虚拟')) continue;
    const township = townships.get(row.parent_code);
    if (!township) continue;
    const short = row.name.replace(/(居民委员会|居委会)$/, '').replace(/(村民委员会|村委会)$/, '村');
    township.villages.push({
      code: row.code,
      short,
      community: /社区|居委会|居民委员会|生活区/.test(row.name),
    });
  }
  const list = [...townships.values()].sort((a, b) => a.code.localeCompare(b.code));
  // A county without 街道 has its seat in its first town (城关镇, 泾川镇…).
  const seat = list[0];
  if (seat && !list.some((t) => t.urban)) seat.urban = true;
  return list;
}

interface Draft {
  name: string;
  type: SchoolTypeCode;
  township: Township;
  village: Village | null;
  catchment: Township[];
  cohorts: number[]; // children per grade, index = grade - 1; 0 = grade not taught
}

function classesOf(random: Random, cohorts: number[], type: SchoolTypeCode): ClassPlan[] {
  const classes: ClassPlan[] = [];
  cohorts.forEach((cohort, index) => {
    if (cohort <= 0) return;
    const grade = index + 1;
    if (type === 'teaching_point') {
      classes.push({ grade, number: 1, size: random.int(5, 15) });
    } else if (type === 'special_education') {
      classes.push({ grade, number: 1, size: random.int(4, 12) });
    } else {
      const count = Math.max(1, Math.round(cohort / 40));
      for (let number = 1; number <= count; number++) {
        classes.push({ grade, number, size: random.int(35, 45) });
      }
    }
  });
  return classes;
}

function villageFor(random: Random, township: Township, preferVillage: boolean): Village | null {
  const wanted = township.villages.filter((v) => v.community !== preferVillage);
  if (wanted.length > 0) return random.pick(wanted);
  return township.villages.length > 0 ? random.pick(township.villages) : null;
}

const perGrade = (total: number, grades: number[]) =>
  GRADE_FACTOR.map((factor, i) => (grades.includes(i + 1) ? (total / 9) * factor : 0));

/** A full county: ≈ targetChildren pupils in primaries, nine-year and middle schools, teaching points, one special school. */
export function planCounty(random: Random, place: CountyPlace, targetChildren: number): SchoolPlan[] {
  const weightOf = (t: Township) => (t.urban ? 3 : t.name.endsWith('乡') ? 0.6 : 1);
  const totalWeight = place.townships.reduce((sum, t) => sum + weightOf(t), 0);
  const local: Draft[] = [];
  const middleTownships: Array<{ township: Township; children: number }> = [];

  for (const township of place.townships) {
    const children = (targetChildren * weightOf(township)) / totalWeight;
    if (township.urban) {
      const count = Math.max(1, Math.round((children * 6) / 9 / 2200));
      for (let n = 1; n <= count; n++) {
        local.push({
          name: `${place.name}${township.short}${n === 1 ? '' : `第${chineseNumber(n)}`}小学`,
          type: 'primary',
          township,
          village: villageFor(random, township, false),
          catchment: [township],
          cohorts: perGrade(children / count, [1, 2, 3, 4, 5, 6]),
        });
      }
      middleTownships.push({ township, children });
      continue;
    }
    const nineYear = township.name.endsWith('乡') || random.chance(0.3);
    const central: Draft = {
      name: `${place.name}${township.name}${nineYear ? '九年一贯制学校' : '中心小学'}`,
      type: nineYear ? 'nine_year' : 'primary',
      township,
      village: villageFor(random, township, true),
      catchment: [township],
      cohorts: perGrade(children, nineYear ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : [1, 2, 3, 4, 5, 6]),
    };
    local.push(central);
    const points = random.next() < 0.5 ? 0 : random.next() < 0.8 ? 1 : 2;
    const sites = township.villages.filter((v) => !v.community && v.code !== central.village?.code);
    for (let n = 0; n < points && sites.length > 0; n++) {
      const site = sites.splice(random.int(0, sites.length - 1), 1)[0] as Village;
      local.push({
        name: `${central.name.replace(/九年一贯制学校$/, '')}${site.short}教学点`,
        type: 'teaching_point',
        township,
        village: site,
        catchment: [township],
        cohorts: [10, 10, 10, 10, 0, 0, 0, 0, 0],
      });
      for (let g = 0; g < 4; g++) central.cohorts[g] = Math.max(20, (central.cohorts[g] ?? 0) - 10);
    }
    if (!nineYear) middleTownships.push({ township, children });
  }

  // Junior middle schools serve two or three neighbouring townships; big urban ones are split.
  const middles: Draft[] = [];
  let urbanOrdinal = 0;
  for (const urban of [true, false]) {
    const pool = middleTownships.filter((m) => m.township.urban === urban);
    while (pool.length > 0) {
      const group = pool.splice(0, pool.length <= 3 ? pool.length : random.int(2, 3));
      const first = group[0] as (typeof group)[number];
      const children = group.reduce((sum, m) => sum + m.children, 0);
      const cohort = children / 9;
      const count = Math.max(1, Math.ceil(cohort / 640));
      for (let n = 0; n < count; n++) {
        const name = urban
          ? `${place.name}第${chineseNumber(++urbanOrdinal)}初级中学`
          : `${place.name}${first.township.short}${n === 0 ? '' : `第${chineseNumber(n + 1)}`}初级中学`;
        middles.push({
          name,
          type: 'junior_middle',
          township: first.township,
          village: villageFor(random, first.township, !urban),
          catchment: group.map((m) => m.township),
          cohorts: perGrade(children / count, [7, 8, 9]),
        });
      }
    }
  }

  const seat = place.townships[0] as Township;
  const special: Draft = {
    name: `${place.name}特殊教育学校`,
    type: 'special_education',
    township: seat,
    village: villageFor(random, seat, false),
    catchment: place.townships,
    cohorts: [1, 1, 1, 1, 1, 1, 1, 1, 1],
  };
  return finish(random, place, [...local, ...middles, special]);
}

/** Three schools, ~300 pupils: the county seat's primary, a junior middle and a teaching point. */
export function planTinyCounty(random: Random, place: CountyPlace): SchoolPlan[] {
  const seat = place.townships[0] as Township;
  const town =
    place.townships.find((t) => !t.urban && t.villages.some((v) => !v.community)) ??
    (place.townships[1] as Township | undefined) ??
    seat;
  const drafts: Draft[] = [
    {
      name: `${place.name}${seat.short}小学`,
      type: 'primary',
      township: seat,
      village: villageFor(random, seat, false),
      catchment: [seat],
      cohorts: [30, 30, 30, 30, 30, 30, 0, 0, 0],
    },
    {
      name: `${place.name}第一初级中学`,
      type: 'junior_middle',
      township: seat,
      village: villageFor(random, seat, false),
      catchment: place.townships.filter((t) => t.urban).slice(0, 2),
      cohorts: [0, 0, 0, 0, 0, 0, 30, 30, 30],
    },
  ];
  const site = villageFor(random, town, true);
  drafts.push({
    name: `${place.name}${town.name}中心小学${site?.short ?? ''}教学点`,
    type: 'teaching_point',
    township: town,
    village: site,
    catchment: [town],
    cohorts: [10, 10, 10, 10, 0, 0, 0, 0, 0],
  });
  return finish(random, place, drafts).map((school) =>
    school.type === 'teaching_point'
      ? school
      : { ...school, classes: school.classes.map((c) => ({ ...c, size: random.int(25, 35) })) },
  );
}

function finish(random: Random, place: CountyPlace, drafts: Draft[]): SchoolPlan[] {
  return drafts.map((draft, index) => ({
    // 10 digits like the national 学校标识码: '31', the county code without its first digit,
    // then a serial — unique across a province.
    code: `31${place.code.slice(1)}${String(index + 1).padStart(3, '0')}`,
    name: draft.name,
    type: draft.type,
    township: draft.township,
    village: draft.village,
    catchment: draft.catchment,
    classes: classesOf(random, draft.cohorts, draft.type),
  }));
}
