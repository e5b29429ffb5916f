import { describe, expect, it } from 'vitest';
import {
  type AbsenceRun,
  type DayMark,
  dueAt,
  type PolicyVersion,
  planLadder,
  type RunWalk,
  walkRun,
} from './absenceRun.ts';
import { type CountyPolicy, DEFAULT_COUNTY_POLICY, type EscalationStep } from './countyPolicy.ts';
import { datesFrom } from './dates.ts';
import { type CalendarEntry, SchoolCalendar } from './schoolCalendar.ts';

const SCHOOL = 7;
const calendar = new SchoolCalendar(
  [{ startsOn: '2026-09-01', endsOn: '2027-01-22' }],
  [
    { day: '2026-11-18', kind: 'closure', schoolId: null, note: '暴雨停课' },
    { day: '2026-11-25', kind: 'closure', schoolId: SCHOOL, note: '校舍检修' },
  ] satisfies CalendarEntry[],
  SCHOOL,
);

/** The school days from `from` to `to`, newest first, as the escalation engine walks them. */
function schoolDaysNewestFirst(cal: SchoolCalendar, from: string, to: string): string[] {
  return datesFrom(from, to)
    .filter((day) => cal.isSchoolDay(day))
    .reverse();
}

/** Walks the term up to `asOf`; a day without a mark was submitted without an absence: present. */
function runOf(asOf: string, marks: Record<string, DayMark>): RunWalk {
  return walkRun(schoolDaysNewestFirst(calendar, '2026-09-01', asOf), (day) => marks[day] ?? 'present');
}

const U = 'unexcused';
const E = 'excused';
const N = 'unsubmitted';
const P = 'present';

describe('schoolDaysNewestFirst (test helper)', () => {
  it('skips weekends, the National Day week and closures, and keeps make-up days', () => {
    expect(schoolDaysNewestFirst(calendar, '2026-09-28', '2026-10-12')).toEqual([
      '2026-10-12',
      '2026-10-10',
      '2026-10-09',
      '2026-10-08',
      '2026-09-30',
      '2026-09-29',
      '2026-09-28',
    ]);
    expect(schoolDaysNewestFirst(calendar, '2026-11-16', '2026-11-20')).toEqual([
      '2026-11-20',
      '2026-11-19',
      '2026-11-17',
      '2026-11-16',
    ]);
  });
});

describe('walkRun: the run of consecutive unexcused school days', () => {
  it.each<[string, string, Record<string, DayMark>, string[] | null]>([
    [
      'absent Monday, Tuesday and Wednesday',
      '2026-11-11',
      { '2026-11-09': U, '2026-11-10': U, '2026-11-11': U },
      ['2026-11-09', '2026-11-10', '2026-11-11'],
    ],
    [
      'absent Friday and Monday: the weekend does not break it',
      '2026-11-16',
      { '2026-11-13': U, '2026-11-16': U },
      ['2026-11-13', '2026-11-16'],
    ],
    [
      'absent before and after the National Day week: the holiday does not break it',
      '2026-10-08',
      { '2026-09-29': U, '2026-09-30': U, '2026-10-08': U },
      ['2026-09-29', '2026-09-30', '2026-10-08'],
    ],
    [
      'absent Friday, on the make-up Sunday and Monday: the make-up day counts',
      '2026-09-21',
      { '2026-09-18': U, '2026-09-20': U, '2026-09-21': U },
      ['2026-09-18', '2026-09-20', '2026-09-21'],
    ],
    [
      'absent Friday, present on the make-up Sunday, absent Monday: the make-up day ends the run',
      '2026-09-21',
      { '2026-09-18': U, '2026-09-20': P, '2026-09-21': U },
      ['2026-09-21'],
    ],
    [
      'absent Thursday and Friday, present on the make-up Saturday 10-10, absent Monday',
      '2026-10-12',
      { '2026-10-08': U, '2026-10-09': U, '2026-10-10': P, '2026-10-12': U },
      ['2026-10-12'],
    ],
    [
      'absent Tuesday, county closure Wednesday, absent Thursday: the closure does not break it',
      '2026-11-19',
      { '2026-11-17': U, '2026-11-19': U },
      ['2026-11-17', '2026-11-19'],
    ],
    [
      "absent Tuesday, the school's own closure Wednesday, absent Thursday",
      '2026-11-26',
      { '2026-11-24': U, '2026-11-26': U },
      ['2026-11-24', '2026-11-26'],
    ],
    [
      'approved leave in the middle neither counts nor ends the run',
      '2026-11-11',
      { '2026-11-09': U, '2026-11-10': E, '2026-11-11': U },
      ['2026-11-09', '2026-11-11'],
    ],
    [
      'a week of sick leave between two absences',
      '2026-11-17',
      {
        '2026-11-09': U,
        '2026-11-10': E,
        '2026-11-11': E,
        '2026-11-12': E,
        '2026-11-13': E,
        '2026-11-16': E,
        '2026-11-17': U,
      },
      ['2026-11-09', '2026-11-17'],
    ],
    [
      'on leave today after an unexcused day: the run still stands',
      '2026-11-10',
      { '2026-11-09': U, '2026-11-10': E },
      ['2026-11-09'],
    ],
    [
      'late (present) in the middle ends the run',
      '2026-11-11',
      { '2026-11-09': U, '2026-11-10': P, '2026-11-11': U },
      ['2026-11-11'],
    ],
    [
      'a class that did not submit in the middle neither counts nor ends the run',
      '2026-11-11',
      { '2026-11-09': U, '2026-11-10': N, '2026-11-11': U },
      ['2026-11-09', '2026-11-11'],
    ],
    [
      "today's roll call not submitted yet, absent yesterday",
      '2026-11-11',
      { '2026-11-10': U, '2026-11-11': N },
      ['2026-11-10'],
    ],
    ['present yesterday, absent today: a run of 1', '2026-11-11', { '2026-11-11': U }, ['2026-11-11']],
    ['absent last week, present since', '2026-11-11', { '2026-11-05': U, '2026-11-06': U }, null],
    ['absent yesterday, present (late) today', '2026-11-11', { '2026-11-10': U, '2026-11-11': P }, null],
    ['no absence at all', '2026-11-11', {}, null],
    ['only approved leave', '2026-11-11', { '2026-11-10': E, '2026-11-11': E }, null],
    ['only unsubmitted days', '2026-11-11', { '2026-11-10': N, '2026-11-11': N }, null],
    [
      'absent since the first day of term: the run reaches back to it',
      '2026-09-03',
      { '2026-09-01': U, '2026-09-02': U, '2026-09-03': U },
      ['2026-09-01', '2026-09-02', '2026-09-03'],
    ],
    [
      'a mark on a weekend is not a school day and is ignored',
      '2026-11-16',
      { '2026-11-13': U, '2026-11-14': P, '2026-11-16': U },
      ['2026-11-13', '2026-11-16'],
    ],
  ])('%s (as of %s)', (_label, asOf, marks, expected) => {
    const walk = runOf(asOf, marks);
    expect(walk).toEqual({ status: 'done', run: expected && { unexcusedDays: expected } });
    if (walk.status === 'done') expect(walk.run?.unexcusedDays.length ?? 0).toBe(expected?.length ?? 0);
  });

  it('stops at the first present day without asking about older days', () => {
    const asked: string[] = [];
    const walk = walkRun(['2026-11-11', '2026-11-10', '2026-11-09'], (day) => {
      asked.push(day);
      return day === '2026-11-10' ? P : U;
    });
    expect(walk).toEqual({ status: 'done', run: { unexcusedDays: ['2026-11-11'] } });
    expect(asked).toEqual(['2026-11-11', '2026-11-10']);
  });

  it.each<[string, Record<string, DayMark | null>, string]>([
    ['today is unknown', { '2026-11-11': null }, '2026-11-11'],
    ['an older day is unknown', { '2026-11-11': U, '2026-11-10': E, '2026-11-09': null }, '2026-11-09'],
  ])('needs the submission when %s', (_label, marks, needed) => {
    const walk = walkRun(['2026-11-11', '2026-11-10', '2026-11-09', '2026-11-06'], (day) =>
      day in marks ? (marks[day] ?? null) : P,
    );
    expect(walk).toEqual({ status: 'needs', day: needed });
  });

  it('returns no run for no school days', () => {
    expect(walkRun([], () => U)).toEqual({ status: 'done', run: null });
  });
});

const step = (
  day: number,
  roles: EscalationStep['roles'],
  action: EscalationStep['action'] = 'contact_guardians',
  deadlineHours = 24,
): EscalationStep => ({ day, action, roles, deadlineHours, notify: [] });

/** A county that acts on days 1, 3 and 5, with other roles (DOMAIN 2.8: counties differ). */
const LADDER_135: CountyPolicy['escalation'] = [
  step(1, ['homeroom_teacher']),
  step(3, ['principal', 'deputy_head'], 'home_visit'),
  { ...step(5, ['township_official', 'bureau_admin'], 'report', 48), notify: ['bureau_admin'] },
];

const V1: PolicyVersion = { version: 1, policy: DEFAULT_COUNTY_POLICY };
const V135: PolicyVersion = {
  version: 1,
  policy: { ...DEFAULT_COUNTY_POLICY, escalation: LADDER_135 },
};

const run = (...unexcusedDays: string[]): AbsenceRun => ({ unexcusedDays });
const always = (version: PolicyVersion) => () => version;

/** A compact view of a plan: [step day, trigger day, run day, policy version, due]. */
function summary(plan: ReturnType<typeof planLadder>) {
  return plan.steps.map((s) => [s.step.day, s.triggerDay, s.runDay, s.policyVersion, s.dueAt]);
}

describe('planLadder with the default ladder (days 1/2/3)', () => {
  it('opens the three steps of a 3-day run, each dated by its own day', () => {
    const plan = planLadder(run('2026-11-09', '2026-11-10', '2026-11-11'), always(V1), new Set(), false);
    expect(summary(plan)).toEqual([
      [1, '2026-11-09', 1, 1, '2026-11-10T01:00:00.000Z'],
      [2, '2026-11-10', 2, 1, '2026-11-11T01:00:00.000Z'],
      [3, '2026-11-11', 3, 1, '2026-11-12T01:00:00.000Z'],
    ]);
    expect(plan.steps.map((s) => s.step)).toEqual(DEFAULT_COUNTY_POLICY.escalation);
    expect(plan.steps.map((s) => s.step.roles)).toEqual([
      ['homeroom_teacher'],
      ['homeroom_teacher', 'deputy_head'],
      ['homeroom_teacher', 'deputy_head', 'principal'],
    ]);
    expect(plan.steps[2]?.step.notify).toEqual(['township_official', 'bureau_admin']);
    expect(plan.suspectedDropout).toBeNull();
  });

  it.each<[string, string[], number[], number[]]>([
    ['day 1 of a run', ['2026-11-09'], [], [1]],
    ['day 2, step 1 already open', ['2026-11-09', '2026-11-10'], [1], [2]],
    ['day 3, steps 1 and 2 already open', ['2026-11-09', '2026-11-10', '2026-11-11'], [1, 2], [3]],
    ['re-run on day 1', ['2026-11-09'], [1], []],
    ['re-run on day 3', ['2026-11-09', '2026-11-10', '2026-11-11'], [1, 2, 3], []],
    [
      're-run on day 5',
      ['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13'],
      [1, 2, 3],
      [],
    ],
    ['a missing middle step is opened late', ['2026-11-09', '2026-11-10', '2026-11-11'], [1, 3], [2]],
  ])('%s opens steps %j', (_label, days, existing, opened) => {
    const plan = planLadder(run(...days), always(V1), new Set(existing), false);
    expect(plan.steps.map((s) => s.step.day)).toEqual(opened);
  });

  it('is idempotent: planning again with what the first plan opened creates nothing', () => {
    const days = run('2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12');
    const first = planLadder(days, always(V1), new Set(), false);
    const again = planLadder(days, always(V1), new Set(first.steps.map((s) => s.step.day)), true);
    expect(again).toEqual({ steps: [], suspectedDropout: null });
  });

  it('a catch-up on a 5-day run opens all three steps on their own days and registers suspected dropout on day 4', () => {
    const plan = planLadder(
      run('2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13'),
      always(V1),
      new Set(),
      false,
    );
    expect(summary(plan)).toEqual([
      [1, '2026-11-09', 1, 1, '2026-11-10T01:00:00.000Z'],
      [2, '2026-11-10', 2, 1, '2026-11-11T01:00:00.000Z'],
      [3, '2026-11-11', 3, 1, '2026-11-12T01:00:00.000Z'],
    ]);
    expect(plan.suspectedDropout).toEqual({ day: '2026-11-12', policyVersion: 1 });
  });

  it.each<[string, number, boolean, { day: string; policyVersion: number } | null]>([
    ['a 3-day run', 3, false, null],
    ['a 4-day run', 4, false, { day: '2026-11-12', policyVersion: 1 }],
    ['a 4-day run already registered', 4, true, null],
    ['a 5-day run already registered', 5, true, null],
  ])('suspected dropout for %s', (_label, length, registered, expected) => {
    const days = ['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13'].slice(0, length);
    expect(planLadder(run(...days), always(V1), new Set([1, 2, 3]), registered).suspectedDropout).toEqual(
      expected,
    );
  });

  it('a run across the National Day week dates each step by its school day', () => {
    const plan = planLadder(run('2026-09-30', '2026-10-08', '2026-10-09'), always(V1), new Set(), false);
    expect(plan.steps.map((s) => [s.step.day, s.triggerDay, s.dueAt])).toEqual([
      [1, '2026-09-30', '2026-10-01T01:00:00.000Z'],
      [2, '2026-10-08', '2026-10-09T01:00:00.000Z'],
      [3, '2026-10-09', '2026-10-10T01:00:00.000Z'],
    ]);
  });
});

describe('planLadder with a 1/3/5 ladder and other roles', () => {
  const FIVE_DAYS = ['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13'];

  it('opens steps on days 1, 3 and 5 with their own roles and deadlines', () => {
    const plan = planLadder(run(...FIVE_DAYS), always(V135), new Set(), false);
    expect(summary(plan)).toEqual([
      [1, '2026-11-09', 1, 1, '2026-11-10T01:00:00.000Z'],
      [3, '2026-11-11', 3, 1, '2026-11-12T01:00:00.000Z'],
      [5, '2026-11-13', 5, 1, '2026-11-15T01:00:00.000Z'],
    ]);
    expect(plan.steps.map((s) => [s.step.action, s.step.roles])).toEqual([
      ['contact_guardians', ['homeroom_teacher']],
      ['home_visit', ['principal', 'deputy_head']],
      ['report', ['township_official', 'bureau_admin']],
    ]);
    expect(plan.steps.map((s) => s.stepNumber)).toEqual([1, 2, 3]);
    expect(plan.suspectedDropout).toBeNull();
  });

  it.each<[number, number[], string | null]>([
    [1, [1], null],
    [2, [1], null],
    [3, [1, 3], null],
    [4, [1, 3], null],
    [5, [1, 3, 5], null],
    [6, [1, 3, 5], '2026-11-16'],
  ])('a %i-day run opens steps %j, suspected dropout %s', (length, opened, dropoutDay) => {
    const days = [...FIVE_DAYS, '2026-11-16'].slice(0, length);
    const plan = planLadder(run(...days), always(V135), new Set(), false);
    expect(plan.steps.map((s) => s.step.day)).toEqual(opened);
    expect(plan.suspectedDropout?.day ?? null).toBe(dropoutDay);
  });
});

describe('planLadder across a policy change mid-run', () => {
  const FIVE_DAYS = ['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13'];

  it('applies version 1 before the effective date and version 2 from it; steps record the version', () => {
    const v2: PolicyVersion = {
      version: 2,
      policy: { ...DEFAULT_COUNTY_POLICY, escalation: LADDER_135, attendance: { rollCallBy: '08:30' } },
    };
    const policyOn = (day: string) => (day < '2026-11-11' ? V1 : v2);
    const plan = planLadder(run(...FIVE_DAYS), policyOn, new Set(), false);
    expect(summary(plan)).toEqual([
      [1, '2026-11-09', 1, 1, '2026-11-10T01:00:00.000Z'],
      [2, '2026-11-10', 2, 1, '2026-11-11T01:00:00.000Z'],
      [3, '2026-11-11', 3, 2, '2026-11-12T00:30:00.000Z'],
      [5, '2026-11-13', 5, 2, '2026-11-15T00:30:00.000Z'],
    ]);
    expect(plan.steps[2]?.step.roles).toEqual(['principal', 'deputy_head']);
    // Under version 1 day 4 would be suspected dropout; version 2's ladder goes on to day 5.
    expect(plan.suspectedDropout).toBeNull();
  });

  it('a ladder that grows shorter mid-run opens the steps it has reached on its first day', () => {
    const v1: PolicyVersion = { ...V135, version: 1 };
    const v2: PolicyVersion = { version: 2, policy: DEFAULT_COUNTY_POLICY };
    const policyOn = (day: string) => (day < '2026-11-11' ? v1 : v2);
    const plan = planLadder(run(...FIVE_DAYS.slice(0, 4)), policyOn, new Set(), false);
    expect(plan.steps.map((s) => [s.step.day, s.triggerDay, s.policyVersion])).toEqual([
      [1, '2026-11-09', 1],
      [2, '2026-11-11', 2],
      [3, '2026-11-11', 2],
    ]);
    expect(plan.suspectedDropout).toEqual({ day: '2026-11-12', policyVersion: 2 });
  });

  it('asks for the policy of each run day', () => {
    const asked: string[] = [];
    planLadder(
      run(...FIVE_DAYS.slice(0, 3)),
      (day) => {
        asked.push(day);
        return V1;
      },
      new Set(),
      false,
    );
    expect(asked).toEqual(FIVE_DAYS.slice(0, 3));
  });
});

describe('dueAt: the roll-call hour of the trigger day in China time plus the deadline', () => {
  it.each([
    ['2026-11-23', '09:00', 24, '2026-11-24T01:00:00.000Z'],
    ['2026-11-23', '09:00', 1, '2026-11-23T02:00:00.000Z'],
    ['2026-11-23', '07:30', 1, '2026-11-23T00:30:00.000Z'],
    ['2026-11-23', '00:00', 24, '2026-11-23T16:00:00.000Z'],
    ['2026-11-23', '23:59', 48, '2026-11-25T15:59:00.000Z'],
    ['2026-11-23', '08:00', 240, '2026-12-03T00:00:00.000Z'],
    ['2026-12-31', '09:00', 24, '2027-01-01T01:00:00.000Z'],
    ['2028-02-28', '09:00', 24, '2028-02-29T01:00:00.000Z'],
    ['2026-03-28', '09:00', 24, '2026-03-29T01:00:00.000Z'],
  ])('%s at %s + %ih → %s', (day, rollCallBy, hours, expected) => {
    expect(dueAt(day, rollCallBy, hours)).toBe(expected);
  });
});
