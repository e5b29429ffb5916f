import { describe, expect, it } from 'vitest';
import {
  CountyPolicySchema,
  DEFAULT_COUNTY_POLICY,
  diffPolicies,
  type EscalationStep,
  leaveApprover,
  stepReached,
} from './countyPolicy.ts';

const step = (day: number, roles: EscalationStep['roles'] = ['homeroom_teacher']): EscalationStep => ({
  day,
  action: 'contact_guardians',
  roles,
  deadlineHours: 24,
  notify: [],
});

/** A county that acts on days 1, 3 and 5, with other roles (DOMAIN 2.8: counties differ). */
const LADDER_135 = {
  ...DEFAULT_COUNTY_POLICY,
  escalation: [
    step(1, ['homeroom_teacher']),
    { ...step(3, ['principal', 'deputy_head']), action: 'home_visit' as const },
    { ...step(5, ['township_official', 'bureau_admin']), action: 'report' as const, deadlineHours: 48 },
  ],
};

describe('county policy schema', () => {
  it('accepts the default policy and a 1/3/5 ladder with other roles', () => {
    expect(CountyPolicySchema.safeParse(DEFAULT_COUNTY_POLICY).success).toBe(true);
    expect(CountyPolicySchema.safeParse(LADDER_135).success).toBe(true);
  });

  it.each([
    ['a repeated day', [step(1), step(2), step(2)], /重复/],
    ['a day going backwards', [step(1), step(3), step(2)], /递增/],
    ['an empty ladder', [], /至少需要一个处置步骤/],
    ['a step without roles', [{ ...step(1), roles: [] }], /至少指定一个责任角色/],
    ['day 0', [step(0)], /天数至少为 1/],
  ])('refuses a ladder with %s', (_label, escalation, message) => {
    const result = CountyPolicySchema.safeParse({ ...DEFAULT_COUNTY_POLICY, escalation });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join(' ')).toMatch(message);
  });

  it('refuses leave approval levels that do not increase', () => {
    const result = CountyPolicySchema.safeParse({
      ...DEFAULT_COUNTY_POLICY,
      leaveApproval: [
        { upToDays: 3, role: 'homeroom_teacher' },
        { upToDays: 3, role: 'principal' },
      ],
    });
    expect(result.error?.issues[0]?.message).toMatch(/逐级递增/);
  });
});

describe('stepReached', () => {
  it.each([
    [0, null, null],
    [1, 1, 1],
    [2, 2, 1],
    [3, 3, 3],
    [4, 3, 3],
    [5, 3, 5],
    [9, 3, 5],
  ])('after %i days: default ladder step %s, 1/3/5 ladder step %s', (days, defaultDay, day135) => {
    expect(stepReached(DEFAULT_COUNTY_POLICY, days)?.day ?? null).toBe(defaultDay);
    expect(stepReached(LADDER_135, days)?.day ?? null).toBe(day135);
  });
});

describe('diffPolicies', () => {
  it('lists each changed leaf with before and after', () => {
    expect(diffPolicies(DEFAULT_COUNTY_POLICY, LADDER_135)).toEqual(
      expect.arrayContaining([
        { path: 'escalation.1.day', before: 2, after: 3 },
        { path: 'escalation.2.deadlineHours', before: 24, after: 48 },
        { path: 'escalation.2.roles.0', before: 'homeroom_teacher', after: 'township_official' },
      ]),
    );
    expect(diffPolicies(DEFAULT_COUNTY_POLICY, structuredClone(DEFAULT_COUNTY_POLICY))).toEqual([]);
  });

  it('reports added and removed entries', () => {
    expect(diffPolicies({ a: [1] }, { a: [1, 2] })).toEqual([{ path: 'a.1', before: undefined, after: 2 }]);
  });
});

describe('leaveApprover', () => {
  /** A county where the teacher approves 1 day, the principal up to 30 and the bureau up to 90. */
  const THREE_LEVELS = {
    leaveApproval: [
      { upToDays: 1, role: 'homeroom_teacher' as const },
      { upToDays: 30, role: 'principal' as const },
      { upToDays: 90, role: 'bureau_admin' as const },
    ],
  };

  it.each([
    [0.5, 'homeroom_teacher', 'homeroom_teacher'],
    [1, 'homeroom_teacher', 'homeroom_teacher'],
    [2, 'homeroom_teacher', 'principal'],
    [3, 'homeroom_teacher', 'principal'],
    [4, 'principal', 'principal'],
    [30, 'principal', 'principal'],
    [31, 'principal', 'bureau_admin'],
    [90, 'principal', 'bureau_admin'],
    [91, null, null],
  ])('%s school days: default %s, three-level county %s', (days, byDefault, byThreeLevels) => {
    expect(leaveApprover(DEFAULT_COUNTY_POLICY, days)).toBe(byDefault);
    expect(leaveApprover(THREE_LEVELS, days)).toBe(byThreeLevels);
  });

  it('the three-level county is a valid policy', () => {
    expect(CountyPolicySchema.safeParse({ ...DEFAULT_COUNTY_POLICY, ...THREE_LEVELS }).success).toBe(true);
  });
});

describe('attendance.rollCallBy', () => {
  it.each(['09:00', '00:00', '07:30', '23:59', '19:05'])('accepts %s', (rollCallBy) => {
    expect(
      CountyPolicySchema.safeParse({ ...DEFAULT_COUNTY_POLICY, attendance: { rollCallBy } }).success,
    ).toBe(true);
  });

  it.each(['9:00', '24:00', '09:60', '0900', '09:00:00', '09.00', ' 09:00', '', 'nine'])(
    'refuses %j',
    (rollCallBy) => {
      const result = CountyPolicySchema.safeParse({ ...DEFAULT_COUNTY_POLICY, attendance: { rollCallBy } });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('时间格式应为 HH:MM');
      expect(result.error?.issues[0]?.path).toEqual(['attendance', 'rollCallBy']);
    },
  );

  it('is required', () => {
    const { attendance: _attendance, ...withoutAttendance } = DEFAULT_COUNTY_POLICY;
    expect(CountyPolicySchema.safeParse(withoutAttendance).success).toBe(false);
  });
});

describe('risk thresholds', () => {
  it.each([
    [{ unexcusedDaysPerMonth: 1, sickDaysPerMonth: 23 }, true],
    [{ unexcusedDaysPerMonth: 0, sickDaysPerMonth: 3 }, false],
    [{ unexcusedDaysPerMonth: 3, sickDaysPerMonth: 24 }, false],
    [{ unexcusedDaysPerMonth: 2.5, sickDaysPerMonth: 3 }, false],
  ])('%j valid: %s', (risk, valid) => {
    expect(CountyPolicySchema.safeParse({ ...DEFAULT_COUNTY_POLICY, risk }).success).toBe(valid);
  });
});
