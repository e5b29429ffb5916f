import type { ChildCreateInput, ChildDetail, ChildFields, ChildUpdateInput, Sex } from '../../api/types.ts';
import { trimOrNull } from '../../lib/forms.ts';

export interface ChildFormValues {
  idType: string;
  idNumber?: string;
  studentNumber?: string;
  name?: string;
  sex?: Sex;
  birthDate?: string | null;
  ethnicity?: string;
  hukouRegionCode?: string | null;
  hukouAddress?: string;
  hukouNature?: string;
  residenceAddress?: string;
  boarding?: 'day' | 'boarding';
  healthStatus?: string;
  schoolId?: number;
  classId?: number;
  startedOn?: string | null;
}

/** Profile fields compared for an update, in form order. */
export const PROFILE_FIELDS = [
  'idType',
  'studentNumber',
  'name',
  'sex',
  'birthDate',
  'ethnicity',
  'boarding',
  'healthStatus',
  'hukouRegionCode',
  'hukouNature',
  'hukouAddress',
  'residenceAddress',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Every field name on the form, for mapping the server's field errors. */
export const FORM_FIELDS = [...PROFILE_FIELDS, 'idNumber', 'classId', 'schoolId', 'startedOn'] as const;

export function isMasked(value: string | null | undefined): boolean {
  return Boolean(value?.includes('*'));
}

export function valuesFromChild(child: ChildDetail): ChildFormValues {
  const u = <T>(v: T | null) => v ?? undefined;
  return {
    idType: child.idType,
    idNumber: undefined,
    // The server masks a student number that embeds the ID number; like the ID, it is then
    // replaced by typing a new one, never edited in place.
    studentNumber: isMasked(child.studentNumber) ? undefined : u(child.studentNumber),
    name: child.name,
    sex: child.sex,
    birthDate: child.birthDate,
    ethnicity: u(child.ethnicity),
    hukouRegionCode: u(child.hukouRegionCode),
    hukouAddress: u(child.hukouAddress),
    hukouNature: u(child.hukouNature),
    residenceAddress: u(child.residenceAddress),
    boarding: u(child.boarding),
    healthStatus: u(child.healthStatus),
  };
}

function profileOf(v: ChildFormValues): Required<Pick<ChildFields, ProfileField>> {
  return {
    idType: v.idType,
    studentNumber: trimOrNull(v.studentNumber),
    name: v.name?.trim() ?? '',
    sex: v.sex as Sex,
    birthDate: v.birthDate ?? '',
    ethnicity: v.ethnicity ?? null,
    boarding: v.boarding ?? null,
    healthStatus: v.healthStatus ?? null,
    hukouRegionCode: v.hukouRegionCode ?? null,
    hukouNature: v.hukouNature ?? null,
    hukouAddress: trimOrNull(v.hukouAddress),
    residenceAddress: trimOrNull(v.residenceAddress),
  };
}

export function createBody(v: ChildFormValues): ChildCreateInput {
  const profile = profileOf(v);
  const body: ChildCreateInput = { classId: v.classId ?? 0 };
  for (const key of PROFILE_FIELDS) {
    const value = profile[key];
    if (value !== null && value !== '') Object.assign(body, { [key]: value });
  }
  const idNumber = trimOrNull(v.idNumber);
  if (idNumber) body.idNumber = idNumber;
  if (v.startedOn) body.startedOn = v.startedOn;
  return body;
}

/** Only what the user changed relative to `base`, with `base`'s version. */
export function updateBody(base: ChildDetail, v: ChildFormValues): ChildUpdateInput {
  const before = profileOf(valuesFromChild(base));
  const after = profileOf(v);
  const body: ChildUpdateInput = { version: base.version };
  for (const key of PROFILE_FIELDS) {
    if (before[key] !== after[key]) Object.assign(body, { [key]: after[key] });
  }
  const idNumber = trimOrNull(v.idNumber);
  if (idNumber) body.idNumber = idNumber;
  return body;
}

/** The profile fields whose stored value differs between two versions of the record. */
export function changedFields(a: ChildDetail, b: ChildDetail): ProfileField[] {
  const pa = profileOf(valuesFromChild(a));
  const pb = profileOf(valuesFromChild(b));
  const changed: ProfileField[] = PROFILE_FIELDS.filter((key) => pa[key] !== pb[key]);
  return changed;
}
