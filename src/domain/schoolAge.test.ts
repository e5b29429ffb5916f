import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  checkSchoolAgePolicy,
  DEFAULT_SCHOOL_AGE_POLICY,
  entryYear,
  expectedGrade,
  type SchoolAgePolicy,
  schoolAgeStatus,
  schoolYearOf,
} from './schoolAge.ts';

const SEPT_30: SchoolAgePolicy = { entryAge: 6, cutoff: { month: 9, day: 30 }, leavingAge: 16 };
const DEC_31: SchoolAgePolicy = { entryAge: 6, cutoff: { month: 12, day: 31 }, leavingAge: 16 };
const AGE_7: SchoolAgePolicy = { entryAge: 7, cutoff: { month: 8, day: 31 }, leavingAge: 16 };
const AUTUMN_TERM_AUG_25: SchoolAgePolicy = {
  ...DEFAULT_SCHOOL_AGE_POLICY,
  schoolYearStart: { month: 8, day: 25 },
};

describe('DEFAULT_SCHOOL_AGE_POLICY', () => {
  it('is aged 6 on 31 August until 16', () => {
    expect(DEFAULT_SCHOOL_AGE_POLICY).toEqual({ entryAge: 6, cutoff: { month: 8, day: 31 }, leavingAge: 16 });
    expect(checkSchoolAgePolicy(DEFAULT_SCHOOL_AGE_POLICY)).toEqual([]);
  });
});

describe('ageOn', () => {
  it.each([
    ['2015-03-04', '2015-03-04', 0],
    ['2015-03-04', '2016-03-03', 0],
    ['2015-03-04', '2016-03-04', 1],
    ['2015-03-04', '2021-03-03', 5],
    ['2015-03-04', '2021-03-04', 6],
    ['2015-03-04', '2021-12-31', 6],
    ['2015-12-31', '2016-01-01', 0],
    ['2015-12-31', '2016-12-31', 1],
    // Born on 29 February: one year older on 1 March in common years, on 29 February in leap years.
    ['2016-02-29', '2017-02-28', 0],
    ['2016-02-29', '2017-03-01', 1],
    ['2016-02-29', '2020-02-28', 3],
    ['2016-02-29', '2020-02-29', 4],
    ['2016-02-29', '2022-02-28', 5],
    ['2016-02-29', '2022-03-01', 6],
    // Someone born on 28 February is not affected by leap years.
    ['2016-02-28', '2017-02-28', 1],
    ['2015-03-04', '2015-03-03', -1],
  ])('born %s, on %s → %i', (birth, date, age) => {
    expect(ageOn(birth, date)).toBe(age);
  });

  it.each([
    ['2015-02-30', '2020-01-01'],
    ['2015-3-4', '2020-01-01'],
    ['2015-03-04', ''],
    ['', '2020-01-01'],
  ])('throws on malformed dates (%j, %j)', (birth, date) => {
    expect(() => ageOn(birth, date)).toThrow(RangeError);
  });
});

describe('schoolYearOf', () => {
  it.each([
    ['2026-01-01', DEFAULT_SCHOOL_AGE_POLICY, 2025],
    ['2026-08-31', DEFAULT_SCHOOL_AGE_POLICY, 2025],
    ['2026-09-01', DEFAULT_SCHOOL_AGE_POLICY, 2026],
    ['2026-12-31', DEFAULT_SCHOOL_AGE_POLICY, 2026],
    ['2024-02-29', DEFAULT_SCHOOL_AGE_POLICY, 2023],
    // The age cut-off does not move the start of term.
    ['2026-09-15', SEPT_30, 2026],
    ['2026-08-31', SEPT_30, 2025],
    ['2026-09-01', DEC_31, 2026],
    ['2026-08-24', AUTUMN_TERM_AUG_25, 2025],
    ['2026-08-25', AUTUMN_TERM_AUG_25, 2026],
  ] as const)('%s → %i', (date, policy, year) => {
    expect(schoolYearOf(date, policy)).toBe(year);
  });

  it('defaults to the national policy', () => {
    expect(schoolYearOf('2026-05-01')).toBe(2025);
  });
});

describe('entryYear', () => {
  it.each([
    // Default: aged 6 on 31 August.
    ['2019-01-01', DEFAULT_SCHOOL_AGE_POLICY, 2025],
    ['2019-08-30', DEFAULT_SCHOOL_AGE_POLICY, 2025],
    ['2019-08-31', DEFAULT_SCHOOL_AGE_POLICY, 2025],
    ['2019-09-01', DEFAULT_SCHOOL_AGE_POLICY, 2026],
    ['2019-12-31', DEFAULT_SCHOOL_AGE_POLICY, 2026],
    ['2020-02-29', DEFAULT_SCHOOL_AGE_POLICY, 2026],
    ['2018-09-01', DEFAULT_SCHOOL_AGE_POLICY, 2025],
    // Cut-off 30 September.
    ['2019-09-01', SEPT_30, 2025],
    ['2019-09-30', SEPT_30, 2025],
    ['2019-10-01', SEPT_30, 2026],
    // Cut-off 31 December: the whole calendar year enters together.
    ['2019-01-01', DEC_31, 2025],
    ['2019-12-31', DEC_31, 2025],
    ['2020-01-01', DEC_31, 2026],
    // Entry at 7.
    ['2019-08-31', AGE_7, 2026],
    ['2019-09-01', AGE_7, 2027],
  ] as const)('born %s → %i', (birth, policy, year) => {
    expect(entryYear(birth, policy)).toBe(year);
  });

  const dayMs = 86_400_000;
  const date = (min: string, max: string) =>
    fc
      .integer({ min: Date.parse(min) / dayMs, max: Date.parse(max) / dayMs })
      .map((days) => new Date(days * dayMs).toISOString().slice(0, 10));

  it.each([
    ['default', DEFAULT_SCHOOL_AGE_POLICY],
    ['30 September', SEPT_30],
    ['31 December', DEC_31],
    ['entry at 7', AGE_7],
  ] as const)('is the first year whose cut-off sees the child old enough (%s)', (_name, policy) => {
    fc.assert(
      fc.property(date('2000-01-01', '2030-12-31'), (birth) => {
        const year = entryYear(birth, policy);
        const cutoff = (y: number) =>
          `${y}-${String(policy.cutoff.month).padStart(2, '0')}-${String(policy.cutoff.day).padStart(2, '0')}`;
        expect(ageOn(birth, cutoff(year))).toBeGreaterThanOrEqual(policy.entryAge);
        expect(ageOn(birth, cutoff(year - 1))).toBeLessThan(policy.entryAge);
      }),
    );
  });

  it('grade goes up by exactly one each 1 September and never otherwise', () => {
    fc.assert(
      fc.property(date('2005-01-01', '2025-12-31'), date('2010-01-02', '2040-12-31'), (birth, day) => {
        const previous = new Date(Date.parse(day) - dayMs).toISOString().slice(0, 10);
        const step = expectedGrade(birth, day) - expectedGrade(birth, previous);
        expect(step).toBe(day.endsWith('-09-01') ? 1 : 0);
      }),
    );
  });
});

describe('expectedGrade', () => {
  it.each([
    ['2019-08-31', '2025-08-31', DEFAULT_SCHOOL_AGE_POLICY, 0],
    ['2019-08-31', '2025-09-01', DEFAULT_SCHOOL_AGE_POLICY, 1],
    ['2019-08-31', '2026-08-31', DEFAULT_SCHOOL_AGE_POLICY, 1],
    ['2019-08-31', '2026-09-01', DEFAULT_SCHOOL_AGE_POLICY, 2],
    ['2019-09-01', '2025-09-01', DEFAULT_SCHOOL_AGE_POLICY, 0],
    ['2019-09-01', '2026-09-01', DEFAULT_SCHOOL_AGE_POLICY, 1],
    ['2019-08-31', '2033-09-01', DEFAULT_SCHOOL_AGE_POLICY, 9],
    ['2019-08-31', '2034-09-01', DEFAULT_SCHOOL_AGE_POLICY, 10],
    ['2019-08-31', '2020-01-01', DEFAULT_SCHOOL_AGE_POLICY, -5],
    ['2020-02-29', '2026-09-01', DEFAULT_SCHOOL_AGE_POLICY, 1],
    ['2019-09-15', '2025-09-15', SEPT_30, 1],
    ['2019-10-01', '2025-10-01', SEPT_30, 0],
    ['2019-12-31', '2025-09-01', DEC_31, 1],
  ] as const)('born %s, on %s → grade %i', (birth, date, policy, grade) => {
    expect(expectedGrade(birth, date, policy)).toBe(grade);
  });
});

describe('schoolAgeStatus', () => {
  it.each([
    // Around the 31 August / 1 September boundary.
    ['2019-08-31', '2025-08-31', DEFAULT_SCHOOL_AGE_POLICY, 'below'],
    ['2019-08-31', '2025-09-01', DEFAULT_SCHOOL_AGE_POLICY, 'school_age'],
    ['2019-09-01', '2025-09-01', DEFAULT_SCHOOL_AGE_POLICY, 'below'],
    ['2019-09-01', '2026-08-31', DEFAULT_SCHOOL_AGE_POLICY, 'below'],
    ['2019-09-01', '2026-09-01', DEFAULT_SCHOOL_AGE_POLICY, 'school_age'],
    // End of grade 9 (school year 2033 for children born Sep 2018 – Aug 2019).
    ['2019-08-31', '2034-08-31', DEFAULT_SCHOOL_AGE_POLICY, 'school_age'],
    ['2019-08-31', '2034-09-01', DEFAULT_SCHOOL_AGE_POLICY, 'above'],
    ['2018-09-01', '2034-08-31', DEFAULT_SCHOOL_AGE_POLICY, 'school_age'],
    ['2018-09-01', '2034-09-01', DEFAULT_SCHOOL_AGE_POLICY, 'above'],
    // Leap-day birthdays.
    ['2020-02-29', '2026-08-31', DEFAULT_SCHOOL_AGE_POLICY, 'below'],
    ['2020-02-29', '2026-09-01', DEFAULT_SCHOOL_AGE_POLICY, 'school_age'],
    ['2020-02-29', '2035-08-31', DEFAULT_SCHOOL_AGE_POLICY, 'school_age'],
    ['2020-02-29', '2035-09-01', DEFAULT_SCHOOL_AGE_POLICY, 'above'],
    // Cut-off 30 September: a September birthday starts a year earlier than by default.
    ['2019-09-15', '2025-09-01', SEPT_30, 'school_age'],
    ['2019-09-15', '2025-09-01', DEFAULT_SCHOOL_AGE_POLICY, 'below'],
    ['2019-10-01', '2025-10-01', SEPT_30, 'below'],
    // Entry at 7 with leaving age 16: the age limit ends school age during grade 9.
    ['2018-08-31', '2025-09-01', AGE_7, 'school_age'],
    ['2018-06-01', '2034-05-31', AGE_7, 'school_age'],
    ['2018-06-01', '2034-06-01', AGE_7, 'above'],
    ['2018-08-31', '2034-08-30', AGE_7, 'school_age'],
    ['2018-08-31', '2034-08-31', AGE_7, 'above'],
    // Born 1 September: grade 8 until 31 August, then 16 on the first day of grade 9.
    ['2018-09-01', '2034-08-31', AGE_7, 'school_age'],
    ['2018-09-01', '2034-09-01', AGE_7, 'above'],
    ['2018-09-01', '2035-09-01', AGE_7, 'above'],
  ] as const)('born %s, on %s → %s', (birth, date, policy, status) => {
    expect(schoolAgeStatus(birth, date, policy)).toBe(status);
  });

  it('uses the default policy when none is given', () => {
    expect(schoolAgeStatus('2019-08-31', '2025-09-01')).toBe('school_age');
  });
});

describe('checkSchoolAgePolicy', () => {
  it.each([
    [SEPT_30, []],
    [DEC_31, []],
    [AGE_7, []],
    [AUTUMN_TERM_AUG_25, []],
    [{ ...DEFAULT_SCHOOL_AGE_POLICY, cutoff: { month: 2, day: 29 } }, []],
    [{ ...DEFAULT_SCHOOL_AGE_POLICY, entryAge: 6.5 }, ['入学年龄应为 3 到 10 之间的整数']],
    [
      { ...DEFAULT_SCHOOL_AGE_POLICY, entryAge: 17 },
      ['入学年龄应为 3 到 10 之间的整数', '适龄上限年龄应为整数，且大于入学年龄'],
    ],
    [{ ...DEFAULT_SCHOOL_AGE_POLICY, leavingAge: 6 }, ['适龄上限年龄应为整数，且大于入学年龄']],
    [{ ...DEFAULT_SCHOOL_AGE_POLICY, cutoff: { month: 2, day: 30 } }, ['入学年龄截止日期不是有效的月和日']],
    [{ ...DEFAULT_SCHOOL_AGE_POLICY, cutoff: { month: 13, day: 1 } }, ['入学年龄截止日期不是有效的月和日']],
    [
      { ...DEFAULT_SCHOOL_AGE_POLICY, schoolYearStart: { month: 9, day: 31 } },
      ['学年开始日期不是有效的月和日'],
    ],
  ] as [SchoolAgePolicy, string[]][])('%j → %j', (policy, problems) => {
    expect(checkSchoolAgePolicy(policy)).toEqual(problems);
  });

  it('treats a 29 February cut-off as 28 February in common years', () => {
    const policy = { ...DEFAULT_SCHOOL_AGE_POLICY, cutoff: { month: 2, day: 29 } };
    expect(entryYear('2019-02-28', policy)).toBe(2025);
    expect(entryYear('2019-03-01', policy)).toBe(2026);
  });
});
