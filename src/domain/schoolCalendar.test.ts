import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CalendarEntry,
  type DayKind,
  officialCalendarCovers,
  SchoolCalendar,
} from './schoolCalendar.ts';

/** Autumn term 2026 and spring term 2027 of a county; the winter break between them is outside term. */
const TERMS = [
  { startsOn: '2026-09-01', endsOn: '2027-01-22' },
  { startsOn: '2027-02-22', endsOn: '2027-07-09' },
];

const SCHOOL = 7;
const OTHER_SCHOOL = 8;

const ENTRIES: CalendarEntry[] = [
  { day: '2026-11-18', kind: 'closure', schoolId: null, note: '暴雨停课' },
  { day: '2026-11-19', kind: 'closure', schoolId: SCHOOL, note: '校舍检修' },
  { day: '2026-11-20', kind: 'closure', schoolId: OTHER_SCHOOL, note: null },
  // 2027 is not in chinese-workday yet: the bureau enters New Year's Day and a make-up Saturday.
  { day: '2027-01-01', kind: 'holiday', schoolId: null, note: '元旦' },
  { day: '2027-01-09', kind: 'workday', schoolId: null, note: null },
];

const calendar = new SchoolCalendar(TERMS, ENTRIES, SCHOOL);

describe('officialCalendarCovers', () => {
  it.each([
    [2025, true],
    [2026, true],
    [2027, false],
  ])('%i → %s', (year, covered) => {
    expect(officialCalendarCovers(year)).toBe(covered);
  });
});

describe('SchoolCalendar.describe', () => {
  it.each<[string, string, DayKind, boolean, string]>([
    ['an ordinary Monday', '2026-11-23', 'school_day', true, ''],
    ['an ordinary Saturday', '2026-11-21', 'weekend', false, '周末'],
    ['an ordinary Sunday', '2026-11-22', 'weekend', false, '周末'],
    ['the first day of term', '2026-09-01', 'school_day', true, ''],
    ['the day before term starts', '2026-08-31', 'outside_term', false, '假期'],
    ['a weekday in the winter break', '2027-02-01', 'outside_term', false, '假期'],
    ['the last day of term', '2027-01-22', 'school_day', true, ''],
    // National Day week 2026 (chinese-workday): 10-01..10-07 off, make-up working days Sunday
    // 09-20 and Saturday 10-10.
    ['the official make-up Sunday before National Day', '2026-09-20', 'makeup_day', true, '补国庆节'],
    ['Mid-Autumn Festival (a Friday)', '2026-09-25', 'holiday', false, '中秋节'],
    ['the last school day before National Day', '2026-09-30', 'school_day', true, ''],
    ['National Day (a Thursday)', '2026-10-01', 'holiday', false, '国庆节'],
    ['Saturday inside the National Day week', '2026-10-03', 'holiday', false, '国庆节'],
    ['Sunday inside the National Day week', '2026-10-04', 'holiday', false, '国庆节'],
    ['Monday inside the National Day week', '2026-10-05', 'holiday', false, '国庆节'],
    ['the last day of the National Day week', '2026-10-07', 'holiday', false, '国庆节'],
    ['the first school day after National Day', '2026-10-08', 'school_day', true, ''],
    ['the official make-up Saturday after National Day', '2026-10-10', 'makeup_day', true, '补国庆节'],
    ['the Sunday after the make-up Saturday', '2026-10-11', 'weekend', false, '周末'],
    ['a county closure', '2026-11-18', 'closure', false, '暴雨停课'],
    ["the school's own closure", '2026-11-19', 'closure', false, '校舍检修'],
    ["another school's closure", '2026-11-20', 'school_day', true, ''],
    // 2027: only the bureau's entries and ordinary weekends.
    ['a bureau holiday entry in 2027', '2027-01-01', 'holiday', false, '元旦'],
    ['a bureau make-up Saturday in 2027', '2027-01-09', 'makeup_day', true, '调休上课'],
    ['a Saturday without an entry in 2027', '2027-01-16', 'weekend', false, '周末'],
    ['a weekday without an entry in 2027', '2027-01-04', 'school_day', true, ''],
    [
      '2027 National Day (not yet published, outside term anyway)',
      '2027-10-01',
      'outside_term',
      false,
      '假期',
    ],
  ])('%s (%s) is %s', (_label, day, kind, schoolDay, label) => {
    expect(calendar.describe(day)).toEqual({ day, kind, schoolDay, label });
    expect(calendar.isSchoolDay(day)).toBe(schoolDay);
  });

  it("applies a school's closure to that school only", () => {
    const other = new SchoolCalendar(TERMS, ENTRIES, OTHER_SCHOOL);
    const countyView = new SchoolCalendar(TERMS, ENTRIES);
    expect([calendar, other, countyView].map((c) => c.isSchoolDay('2026-11-19'))).toEqual([
      false,
      true,
      true,
    ]);
    expect([calendar, other, countyView].map((c) => c.isSchoolDay('2026-11-20'))).toEqual([
      true,
      false,
      true,
    ]);
    expect([calendar, other, countyView].map((c) => c.isSchoolDay('2026-11-18'))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('labels a closure without a note 停课', () => {
    expect(new SchoolCalendar(TERMS, ENTRIES, OTHER_SCHOOL).describe('2026-11-20').label).toBe('停课');
  });

  describe('county entries win over chinese-workday', () => {
    const overriding = new SchoolCalendar(TERMS, [
      { day: '2026-10-07', kind: 'workday', schoolId: null, note: null },
      { day: '2026-10-10', kind: 'holiday', schoolId: null, note: '县庆' },
      { day: '2026-11-21', kind: 'workday', schoolId: null, note: '补10月7日' },
      { day: '2026-11-24', kind: 'holiday', schoolId: null, note: null },
    ]);
    it.each<[string, string, DayKind, boolean, string]>([
      ['a package holiday made a school day', '2026-10-07', 'makeup_day', true, '调休上课'],
      ['a package make-up Saturday made a holiday', '2026-10-10', 'holiday', false, '县庆'],
      ['an ordinary Saturday made a school day', '2026-11-21', 'makeup_day', true, '补10月7日'],
      ['an ordinary Tuesday made a holiday', '2026-11-24', 'holiday', false, '放假'],
    ])('%s (%s)', (_label, day, kind, schoolDay, label) => {
      expect(overriding.describe(day)).toEqual({ day, kind, schoolDay, label });
    });
  });

  describe('closures', () => {
    it('a closure on a make-up day closes it, whichever entry was entered first', () => {
      const closure: CalendarEntry = { day: '2027-01-09', kind: 'closure', schoolId: null, note: '降雪停课' };
      const makeup: CalendarEntry = { day: '2027-01-09', kind: 'workday', schoolId: null };
      for (const entries of [
        [closure, makeup],
        [makeup, closure],
      ]) {
        expect(new SchoolCalendar(TERMS, entries).describe('2027-01-09')).toMatchObject({
          kind: 'closure',
          schoolDay: false,
        });
      }
    });

    it("a county closure is not hidden by the school's own entry for the same day", () => {
      const entries: CalendarEntry[] = [
        { day: '2026-11-18', kind: 'closure', schoolId: null, note: '暴雨停课' },
        { day: '2026-11-18', kind: 'workday', schoolId: SCHOOL },
      ];
      expect(new SchoolCalendar(TERMS, entries, SCHOOL).isSchoolDay('2026-11-18')).toBe(false);
    });

    it('a closure outside the term is still outside the term', () => {
      const entries: CalendarEntry[] = [{ day: '2026-08-31', kind: 'closure', schoolId: null }];
      expect(new SchoolCalendar(TERMS, entries).describe('2026-08-31').kind).toBe('outside_term');
    });
  });

  it('has no school days without a term', () => {
    expect(new SchoolCalendar([], []).isSchoolDay('2026-11-23')).toBe(false);
  });
});

// chinese-workday's isWeekend/isAddtionalWorkday read a 'YYYY-MM-DD' string as UTC midnight in
// the local zone, i.e. the day before west of UTC; the calendar must not depend on the server zone.
describe.each(['America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati'])('in time zone %s', (zone) => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it.each<[string, DayKind, string]>([
    ['2026-09-20', 'makeup_day', '补国庆节'],
    ['2026-10-03', 'holiday', '国庆节'],
    ['2026-10-05', 'holiday', '国庆节'],
    ['2026-10-08', 'school_day', ''],
    ['2026-10-10', 'makeup_day', '补国庆节'],
    ['2026-10-11', 'weekend', '周末'],
    ['2026-11-21', 'weekend', '周末'],
    ['2027-01-16', 'weekend', '周末'],
  ])('%s is %s', (day, kind, label) => {
    expect(calendar.describe(day)).toMatchObject({ kind, label });
  });
});
