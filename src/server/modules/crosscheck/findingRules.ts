// The vocabulary of findings: subject keys, the special groups a list implies, outcome names and
// the Chinese wording of details.

import { SPECIAL_GROUPS, type SpecialGroupCode } from '../../../domain/index.ts';
import type { LinkReason } from '../../../domain/linkage/index.ts';
import type { ListKind } from './runQueries.ts';

export const FINDING_CODES = [
  'not_enrolled',
  'hukou_cancelled',
  'hukou_mismatch',
  'duplicate_hukou',
  'no_hukou_record',
  'group_unknown_to_school',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export const FINDING_LABELS: Record<FindingCode, string> = {
  not_enrolled: '适龄未入学',
  hukou_cancelled: '户籍已注销',
  hukou_mismatch: '户籍信息不一致',
  duplicate_hukou: '重复户籍',
  no_hukou_record: '无本县户籍记录',
  group_unknown_to_school: '特殊群体学校未登记',
};

export const KIND_LABELS: Record<ListKind, string> = {
  police: '公安户籍',
  poverty: '乡村振兴（脱贫户、监测户）',
  disabled: '残联',
  civil: '民政（孤儿、事实无人抚养儿童）',
};

export const SEX_LABEL = { '1': '男', '2': '女' } as const;

export const VERIFICATION_OUTCOMES = [
  'studying_elsewhere',
  'living_elsewhere',
  'deceased',
  'emigrated',
  'out_of_school',
] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

export const OUTCOME_LABELS: Record<VerificationOutcome, string> = {
  studying_elsewhere: '在外地就读',
  living_elsewhere: '空挂户',
  deceased: '死亡',
  emigrated: '出国（境）',
  out_of_school: '失学辍学',
};

/** Outcomes that answer "where is this child": no longer a not_enrolled finding. Out of school stays one. */
export const VERIFIED_ELSEWHERE: ReadonlySet<string> = new Set<VerificationOutcome>([
  'studying_elsewhere',
  'living_elsewhere',
  'deceased',
  'emigrated',
]);

/** A person's key across lists and runs: the ID number, else name and birth date. */
export function subjectKeyOf(person: {
  idNumber: string | null;
  name: string;
  birthDate: string | null;
}): string {
  return person.idNumber ?? `${person.name}|${person.birthDate ?? ''}`;
}

const GROUP_CODES = new Set<string>(SPECIAL_GROUPS.map((g) => g.code));
const GROUP_BY_LABEL = new Map<string, SpecialGroupCode>([
  ...SPECIAL_GROUPS.map((g) => [g.zh, g.code] as const),
  ['脱贫户', 'poverty_household'],
  ['建档立卡户', 'poverty_household'],
  ['监测户', 'monitored_household'],
  ['监测对象', 'monitored_household'],
  ['事实无人抚养', 'unsupported'],
  ['低保', 'dibao'],
  ['特困', 'tekun'],
]);

/**
 * The groups a list row says the child belongs to; the child's record must hold one of them.
 * A row's own group wins; else the list's department implies it (the federation lists disabled
 * people; civil affairs, orphans or unsupported children; rural revitalization, either kind of household).
 */
export function impliedGroups(kind: ListKind, groupCode: string | null): SpecialGroupCode[] {
  const stated = groupCode
    ? GROUP_CODES.has(groupCode)
      ? groupCode
      : GROUP_BY_LABEL.get(groupCode.trim())
    : null;
  if (stated) return [stated as SpecialGroupCode];
  switch (kind) {
    case 'disabled':
      return ['disabled'];
    case 'civil':
      return ['orphan', 'unsupported'];
    case 'poverty':
      return ['poverty_household', 'monitored_household'];
    default:
      return [];
  }
}

export function groupLabel(groups: readonly SpecialGroupCode[]): string {
  return groups.map((g) => SPECIAL_GROUPS.find((s) => s.code === g)?.zh ?? g).join('或');
}

const NAME_DIFFERS = 1;
const BIRTH_DIFFERS = 2;
const SEX_DIFFERS = 4;

function mismatchFlags(reasons: readonly LinkReason[]): number {
  let flags = 0;
  for (const r of reasons) {
    if (r === 'name_homophone' || r === 'name_initials' || r === 'name_differs') flags |= NAME_DIFFERS;
    else if (r === 'birth_day_month_swapped' || r === 'birth_date_differs') flags |= BIRTH_DIFFERS;
    else if (r === 'sex_differs') flags |= SEX_DIFFERS;
  }
  return flags;
}

// The engine's links share one reasons array per comparison outcome: a city's ≈400k police
// links are read through a few hundred arrays, so each array's flags are worked out once.
const flagsByReasons = new WeakMap<readonly LinkReason[], number>();

/** The fields of a student that disagree with the linked household record, from the link's reasons. */
export function mismatchDetail(
  reasons: readonly LinkReason[],
  row: { name: string; birthDate: string | null; sex: '1' | '2' | null },
  child: { name: string; birthDate: string; sex: '1' | '2' },
): string | null {
  let flags = flagsByReasons.get(reasons);
  if (flags === undefined) {
    flags = mismatchFlags(reasons);
    flagsByReasons.set(reasons, flags);
  }
  if (flags === 0) return null;
  const parts: string[] = [];
  if (flags & NAME_DIFFERS) parts.push(`姓名（学籍“${child.name}”，户籍“${row.name}”）`);
  if (flags & BIRTH_DIFFERS) parts.push(`出生日期（学籍 ${child.birthDate}，户籍 ${row.birthDate}）`);
  if (flags & SEX_DIFFERS && row.sex)
    parts.push(`性别（学籍${SEX_LABEL[child.sex]}，户籍${SEX_LABEL[row.sex]}）`);
  return parts.length === 0 ? null : `学籍与户籍不一致：${parts.join('；')}`;
}
