import type { CodeItem } from './codes.ts';

export const ROLES = [
  { code: 'bureau_admin', zh: '教体局管理员', en: 'Bureau admin' },
  { code: 'bureau_analyst', zh: '教体局分析员', en: 'Bureau analyst' },
  { code: 'township_official', zh: '乡镇干部', en: 'Township official' },
  { code: 'principal', zh: '校长', en: 'Principal' },
  { code: 'deputy_head', zh: '分管副校长', en: 'Deputy head' },
  { code: 'homeroom_teacher', zh: '班主任', en: 'Homeroom teacher' },
  { code: 'helper_teacher', zh: '包保教师', en: 'Helper teacher' },
  { code: 'expert_committee', zh: '残疾人教育专家委员会委员', en: 'Expert-committee member' },
  { code: 'auditor', zh: '审计员', en: 'Auditor' },
  { code: 'system_admin', zh: '系统管理员', en: 'System admin' },
] as const satisfies readonly CodeItem[];
export const ROLE_CODES = ROLES.map((r) => r.code) as unknown as readonly [Role, ...Role[]];
export type Role = (typeof ROLES)[number]['code'];

export const SCOPE_LEVELS = [
  { code: 'national', zh: '全国', en: 'National' },
  { code: 'province', zh: '省', en: 'Province' },
  { code: 'city', zh: '市', en: 'City' },
  { code: 'county', zh: '区县', en: 'County' },
  { code: 'township', zh: '乡镇', en: 'Township' },
  { code: 'school', zh: '学校', en: 'School' },
  { code: 'class', zh: '班级', en: 'Class' },
  { code: 'paired', zh: '结对儿童', en: 'Paired children' },
] as const satisfies readonly CodeItem[];
export const SCOPE_LEVEL_CODES = SCOPE_LEVELS.map((s) => s.code) as unknown as readonly [
  ScopeLevel,
  ...ScopeLevel[],
];
export type ScopeLevel = (typeof SCOPE_LEVELS)[number]['code'];

/** Which scope levels each role may be granted at (a bureau works at province, city or county). */
export const ROLE_SCOPE_LEVELS: Record<Role, readonly ScopeLevel[]> = {
  bureau_admin: ['province', 'city', 'county'],
  bureau_analyst: ['province', 'city', 'county'],
  township_official: ['township'],
  principal: ['school'],
  deputy_head: ['school'],
  homeroom_teacher: ['class'],
  helper_teacher: ['paired'],
  expert_committee: ['county', 'city'],
  auditor: ['national', 'province', 'city', 'county'],
  system_admin: ['national'],
};

/** Roles that never see children's records (DOMAIN 3: the auditor reads the log, the admin runs users). */
export const ROLES_WITHOUT_CHILD_DATA: readonly Role[] = ['auditor', 'system_admin'];

/**
 * Roles whose work needs the full ID number (cross-checks, aid payments, registry corrections).
 * Even they see it masked by default and reveal it per child with a reason, which is audited.
 */
export const ROLES_THAT_MAY_REVEAL_ID: readonly Role[] = ['bureau_admin', 'principal', 'expert_committee'];

export function roleLabel(role: Role, lang: 'zh' | 'en' = 'zh'): string {
  return ROLES.find((r) => r.code === role)?.[lang] ?? role;
}
