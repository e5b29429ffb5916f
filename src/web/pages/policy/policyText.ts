// The policy document as people read it: live validation with messages at the fields, and the
// difference between two versions with Chinese labels instead of `escalation.1.deadlineHours`.

import type { core } from 'zod';
import {
  type CountyPolicy,
  CountyPolicySchema,
  diffPolicies,
  type EscalationStep,
  escalationLadderProblems,
  type PolicyChange,
} from '../../../domain/countyPolicy.ts';
import { type Role, roleLabel } from '../../../domain/roles.ts';
import type { CountyPolicyVersion } from '../../api/types.ts';
import type { Lang, MessageKey, Translate } from '../../i18n/index.tsx';
import { zhCN } from '../../i18n/zh-CN.ts';

/** Field path ('escalation.1.day') → the first message for it. */
export type Issues = ReadonlyMap<string, string>;

/**
 * Readable messages for the checks the schema states without its own words (min/max/integer).
 * The schema's own Chinese messages (a repeated ladder day…) take precedence over this map.
 */
function errorMap(t: Translate): core.$ZodErrorMap {
  return (issue) => {
    if (issue.code === 'invalid_type') {
      if (issue.input === null || issue.input === undefined || issue.input === '')
        return t('policy.error.required');
      return issue.expected === 'int' ? t('policy.error.integer') : t('policy.error.number');
    }
    if (issue.code === 'too_small' && issue.origin === 'number')
      return t('policy.error.min', { n: String(issue.minimum) });
    if (issue.code === 'too_big' && issue.origin === 'number')
      return t('policy.error.max', { n: String(issue.maximum) });
    return undefined;
  };
}

export function validatePolicy(
  draft: unknown,
  t: Translate,
): { policy: CountyPolicy | null; issues: Map<string, string> } {
  const result = CountyPolicySchema.safeParse(draft, { error: errorMap(t) });
  const issues = new Map<string, string>();
  const add = (path: string, message: string) => {
    if (!issues.has(path)) issues.set(path, message);
  };
  if (result.success) return { policy: result.data, issues };
  for (const issue of result.error.issues) add(issue.path.join('.'), issue.message);
  // The schema checks the ladder's order only once every field parses; check it now so a repeated
  // day is flagged while the admin is still filling in the rest.
  const steps = (draft as { escalation?: unknown }).escalation;
  if (Array.isArray(steps) && steps.every((s) => typeof (s as { day?: unknown })?.day === 'number')) {
    for (const p of escalationLadderProblems(steps as EscalationStep[]))
      add(`escalation.${p.index}`, p.message);
  }
  return { policy: null, issues };
}

/** The version in force on `day`: the latest effective date on or before it (the server's PolicyTimeline.on). */
export function versionOn(
  versions: readonly CountyPolicyVersion[],
  day: string,
): CountyPolicyVersion | undefined {
  let found: CountyPolicyVersion | undefined;
  for (const v of versions) {
    if (v.effectiveFrom <= day && (!found || v.effectiveFrom >= found.effectiveFrom)) found = v;
  }
  return found ?? versions[0];
}

const ROLE_LISTS = /^(escalation\.\d+\.(roles|notify))\.\d+$/;

function valueAt(doc: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
}

/** The changes, with a step's role list as one change ("班主任、分管副校长 → 班主任") rather than per slot. */
export function policyChanges(before: CountyPolicy, after: unknown): PolicyChange[] {
  const changes: PolicyChange[] = [];
  const seen = new Set<string>();
  for (const change of diffPolicies(before, after)) {
    const list = ROLE_LISTS.exec(change.path)?.[1];
    if (!list) changes.push(change);
    else if (!seen.has(list)) {
      seen.add(list);
      changes.push({ path: list, before: valueAt(before, list), after: valueAt(after, list) });
    }
  }
  return changes;
}

const hasKey = (key: string): key is MessageKey => key in zhCN;

/** 'escalation.1.deadlineHours' → '处置步骤 第2步 · 办理时限（小时）'. */
export function pathLabel(t: Translate, path: string): string {
  const m = /^(escalation|leaveApproval)\.(\d+)(?:\.(\w+))?$/.exec(path);
  if (m) {
    const [, list, index, field] = m;
    const item = t(`policy.diff.${list}Item` as MessageKey, { n: Number(index) + 1 });
    const key = `policy.field.${list}.${field}`;
    return field ? `${item} · ${hasKey(key) ? t(key) : field}` : item;
  }
  const key = `policy.field.${path}`;
  return hasKey(key) ? t(key) : path;
}

export function roleNames(roles: readonly string[], lang: Lang): string {
  return roles.map((r) => roleLabel(r as Role, lang === 'zh-CN' ? 'zh' : 'en')).join('、');
}

/** A value as the difference view shows it: role and action labels, a whole step in one line. */
export function formatValue(t: Translate, lang: Lang, path: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return t('policy.diff.none');
  if (Array.isArray(value))
    return value.length === 0 ? t('policy.diff.nobody') : roleNames(value as string[], lang);
  const last = path.split('.').at(-1);
  if (last === 'action') return t(`policy.action.${value}` as MessageKey);
  if (last === 'role') return roleNames([value as string], lang);
  if (typeof value === 'object' && /^escalation\.\d+$/.test(path)) {
    const step = value as EscalationStep;
    return t('policy.diff.stepSummary', {
      day: step.day,
      action: t(`policy.action.${step.action}` as MessageKey),
      roles: roleNames(step.roles, lang),
      hours: step.deadlineHours,
    });
  }
  if (typeof value === 'object' && /^leaveApproval\.\d+$/.test(path)) {
    const level = value as { upToDays: number; role: string };
    return t('policy.diff.levelSummary', { days: level.upToDays, role: roleNames([level.role], lang) });
  }
  if (typeof value === 'boolean') return value ? t('tasks.yes') : t('tasks.no');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
