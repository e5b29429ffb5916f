// School age (适龄) under a county's policy (一县一策). By default a child enters grade 1 in the
// school year whose cut-off date (31 August) sees them aged 6, i.e. children born on or before
// 31 August 2019 start in September 2025.

import { daysInMonth, formatIsoDate, isRealDate, requireIsoDate } from './dates.ts';

export type MonthDay = { month: number; day: number };

export type SchoolAgePolicy = {
  entryAge: number;
  /** The day in calendar year Y on which a child must be entryAge to start grade 1 in school year Y. */
  cutoff: MonthDay;
  leavingAge: number;
  /**
   * First day of a school year; 1 September when absent. Kept apart from `cutoff` because a
   * county that moves its age cut-off (e.g. to 30 September or 31 December) does not move the
   * start of term.
   */
  schoolYearStart?: MonthDay;
};

export const DEFAULT_SCHOOL_AGE_POLICY: SchoolAgePolicy = {
  entryAge: 6,
  cutoff: { month: 8, day: 31 },
  leavingAge: 16,
};

const DEFAULT_SCHOOL_YEAR_START: MonthDay = { month: 9, day: 1 };

/** Problems with a policy, in Chinese for the county staff who set it; empty when usable. */
export function checkSchoolAgePolicy(policy: SchoolAgePolicy): string[] {
  const problems: string[] = [];
  const isMonthDay = ({ month, day }: MonthDay) => isRealDate(2000, month, day); // 2000 allows 29 Feb
  if (!Number.isInteger(policy.entryAge) || policy.entryAge < 3 || policy.entryAge > 10) {
    problems.push('入学年龄应为 3 到 10 之间的整数');
  }
  if (
    !Number.isInteger(policy.leavingAge) ||
    policy.leavingAge <= policy.entryAge ||
    policy.leavingAge > 25
  ) {
    problems.push('适龄上限年龄应为整数，且大于入学年龄');
  }
  if (!isMonthDay(policy.cutoff)) problems.push('入学年龄截止日期不是有效的月和日');
  if (policy.schoolYearStart && !isMonthDay(policy.schoolYearStart)) {
    problems.push('学年开始日期不是有效的月和日');
  }
  return problems;
}

/** A month/day in a given year; 29 February falls back to the 28th in common years. */
function dateIn(year: number, { month, day }: MonthDay): string {
  return formatIsoDate(year, month, Math.min(day, daysInMonth(year, month)));
}

/**
 * Completed years (周岁) on `date`. A child born on 29 February turns a year older on 1 March in
 * common years, as the anniversary has not been reached on 28 February. Negative before birth.
 */
export function ageOn(birthDate: string, date: string): number {
  const b = requireIsoDate(birthDate, '出生日期');
  const d = requireIsoDate(date);
  const beforeAnniversary = d.month < b.month || (d.month === b.month && d.day < b.day);
  return d.year - b.year - (beforeAnniversary ? 1 : 0);
}

/** The calendar year in which the school year containing `date` began (Jan–Aug 2026 → 2025). */
export function schoolYearOf(date: string, policy: SchoolAgePolicy = DEFAULT_SCHOOL_AGE_POLICY): number {
  const { year } = requireIsoDate(date);
  const start = dateIn(year, policy.schoolYearStart ?? DEFAULT_SCHOOL_YEAR_START);
  return date >= start ? year : year - 1;
}

/**
 * The school year in which the child starts grade 1: the first year Y whose cut-off date (in
 * calendar year Y) sees the child aged at least entryAge.
 */
export function entryYear(birthDate: string, policy: SchoolAgePolicy = DEFAULT_SCHOOL_AGE_POLICY): number {
  const { year } = requireIsoDate(birthDate, '出生日期');
  const candidate = year + policy.entryAge;
  return ageOn(birthDate, dateIn(candidate, policy.cutoff)) >= policy.entryAge ? candidate : candidate + 1;
}

/** The grade a child who started on time and never repeated would be in; may be ≤ 0 or > 9. */
export function expectedGrade(
  birthDate: string,
  date: string,
  policy: SchoolAgePolicy = DEFAULT_SCHOOL_AGE_POLICY,
): number {
  return schoolYearOf(date, policy) - entryYear(birthDate, policy) + 1;
}

export type SchoolAgeStatus = 'below' | 'school_age' | 'above';

/**
 * A child is of compulsory-school age while both hold on `date`:
 *   - they would be in grades 1–9 (from the start of their entry school year to the end of
 *     the school year of grade 9), and
 *   - they have not yet reached leavingAge (16 by default, i.e. aged 6–15 周岁).
 * Either condition ending ends school age, so a child who entered late and turns 16 during
 * grade 9 leaves the census on their birthday. Under the default policy the age limit never
 * bites first: the oldest grade-9 pupils are 15 until after the school year ends.
 */
export function schoolAgeStatus(
  birthDate: string,
  date: string,
  policy: SchoolAgePolicy = DEFAULT_SCHOOL_AGE_POLICY,
): SchoolAgeStatus {
  const grade = expectedGrade(birthDate, date, policy);
  if (grade < 1) return 'below';
  if (grade > 9 || ageOn(birthDate, date) >= policy.leavingAge) return 'above';
  return 'school_age';
}
