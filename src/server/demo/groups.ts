// Special-group memberships (特殊群体) for one child, at rates near the bureau reports, each with
// the department list it came from and a validity period in the past (some with an end date).

import type { SourceDepartmentCode, SpecialGroupCode } from '../../domain/index.ts';
import { dayNumber, isoOfDay } from './dates.ts';
import type { Family } from './family.ts';
import { type Random, Weighted } from './random.ts';

export interface GroupDraft {
  code: SpecialGroupCode;
  from: string;
  to: string | null;
  details: string;
}

export const SOURCE_OF: Record<SpecialGroupCode, SourceDepartmentCode> = {
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

// 残疾人类型 codes: special-school pupils are mostly intellectually disabled; mainstream
// (随班就读) pupils more often have physical, visual or hearing disabilities.
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

export interface ChildFacts {
  birthDate: string;
  entryYear: number;
  grade: number;
  rural: boolean;
  family: Family;
  specialSchool: boolean;
  migrant: boolean;
}

/** Dates shared by every child of a load. */
export interface GroupCalendar {
  yesterday: string;
  /** 1 September of the current school year (or today, if earlier). */
  termStart: string;
  /** 31 August closing the current school year. */
  yearEnd: string;
  /** 1 January three years back: start of the window for dibao/tekun reviews. */
  reviewFrom: string;
  /** 31 December of this year: when dibao/tekun come up for review. */
  reviewTo: string;
}

export function groupCalendar(today: string, schoolYear: number): GroupCalendar {
  const year = Number(today.slice(0, 4));
  const septemberFirst = `${schoolYear}-09-01`;
  return {
    yesterday: isoOfDay(dayNumber(today) - 1),
    termStart: septemberFirst < today ? septemberFirst : today,
    yearEnd: `${schoolYear + 1}-08-31`,
    reviewFrom: `${year - 3}-01-01`,
    reviewTo: `${year}-12-31`,
  };
}

/** A day in [max(earliest, birth), latest], never after yesterday; the lower end when the range is empty. */
function since(
  random: Random,
  birthDay: number,
  yesterday: number,
  earliest: number,
  latest = yesterday,
): string {
  const from = Math.min(Math.max(earliest, birthDay), yesterday);
  const to = Math.max(Math.min(latest, yesterday), from);
  return isoOfDay(from + random.int(0, to - from));
}

const YEAR = 365;

export function drawGroups(random: Random, facts: ChildFacts, calendar: GroupCalendar): GroupDraft[] {
  const { family, rural } = facts;
  const birth = dayNumber(facts.birthDate);
  const yesterday = dayNumber(calendar.yesterday);
  const groups: GroupDraft[] = [];
  const add = (code: SpecialGroupCode, from: string, to: string | null, details = '{}') =>
    groups.push({ code, from, to, details });

  if (family.situation === 'orphan') add('orphan', since(random, birth, yesterday, birth + 183), null);
  if (family.situation === 'unsupported')
    add('unsupported', since(random, birth, yesterday, dayNumber('2020-06-01')), null);
  if (family.situation === 'single_parent')
    add('single_parent', since(random, birth, yesterday, birth + YEAR), null);
  if (family.leftBehind) {
    // 是否留守儿童: 2 both parents away, 1 the only parent away.
    const status = family.situation === 'left_behind' ? '2' : '1';
    add(
      'left_behind',
      calendar.termStart,
      calendar.yearEnd,
      JSON.stringify({ status, guardianship: family.guardianship }),
    );
  }
  if (facts.specialSchool || random.chance(0.0035)) {
    const category = (facts.specialSchool ? DISABILITY_SPECIAL : DISABILITY_MAINSTREAM).pick(random);
    const level = String(facts.specialSchool ? random.int(1, 3) : random.int(2, 4));
    add(
      'disabled',
      since(random, birth, yesterday, birth + 2 * YEAR),
      null,
      JSON.stringify({ category, level }),
    );
  }
  if (random.chance(rural ? 0.08 : 0.035)) {
    add(
      'poverty_household',
      since(random, birth, yesterday, dayNumber('2015-01-01'), dayNumber('2020-12-31')),
      null,
    );
  } else if (random.chance(rural ? 0.013 : 0.006)) {
    add('monitored_household', since(random, birth, yesterday, dayNumber('2021-03-01')), null);
  }
  const vulnerable = family.situation === 'orphan' || family.situation === 'unsupported';
  const reviewFrom = dayNumber(calendar.reviewFrom);
  if (random.chance(vulnerable || family.situation === 'single_parent' ? 0.15 : 0.025))
    add('dibao', since(random, birth, yesterday, reviewFrom), calendar.reviewTo);
  if (random.chance(family.situation === 'orphan' ? 0.6 : family.situation === 'unsupported' ? 0.3 : 0.0005))
    add('tekun', since(random, birth, yesterday, reviewFrom), calendar.reviewTo);
  if (facts.grade >= 2 && random.chance(family.leftBehind ? 0.07 : 0.04))
    add('struggling', calendar.termStart, calendar.yearEnd);
  if (facts.migrant) add('migrant', `${facts.entryYear}-09-01`, null);
  return groups;
}
