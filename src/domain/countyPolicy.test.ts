import { describe, expect, it } from 'vitest';
import {
  CountyPolicySchema,
  DEFAULT_COUNTY_POLICY,
  diffPolicies,
  type EscalationStep,
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
