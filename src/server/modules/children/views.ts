import {
  type GuardianRelationCode,
  maskIdNumber,
  maskStudentNumber,
  type SourceDepartmentCode,
  type SpecialGroupCode,
} from '../../../domain/index.ts';
import { className } from '../schools/index.ts';
import type {
  ChildRecord,
  enrollmentsOf,
  groupMembershipsOf,
  guardiansOf,
  searchChildren,
} from './queries.ts';
import type { ChildDetailView } from './schema.ts';

type Row<F extends (...args: never[]) => Promise<unknown>> =
  Awaited<ReturnType<F>> extends Array<infer R> ? R : never;

const nameOfClass = (grade: number | null, classNumber: number | null) =>
  grade !== null && classNumber !== null ? className(grade, classNumber) : null;

export function childSummaryView(row: Awaited<ReturnType<typeof searchChildren>>['items'][number]) {
  return {
    id: row.id,
    name: row.name,
    sex: row.sex as 'male' | 'female',
    birthDate: row.birth_date,
    idType: row.id_type,
    idNumberMasked: maskIdNumber(row.id_number),
    studentNumber: maskStudentNumber(row.student_number),
    schoolId: row.school_id,
    schoolName: row.school_name,
    classId: row.class_id,
    className: nameOfClass(row.grade, row.class_number),
    grade: row.grade,
    groups: (row.groups ?? []) as SpecialGroupCode[],
  };
}

export function childDetailView(
  child: ChildRecord,
  related: {
    guardians: Row<typeof guardiansOf>[];
    groups: Row<typeof groupMembershipsOf>[];
    enrollments: Row<typeof enrollmentsOf>[];
    mayRevealId: boolean;
    mayEdit: boolean;
  },
): ChildDetailView {
  const activeGroups = [...new Set(related.groups.filter((g) => !g.ended_at).map((g) => g.group_code))];
  return {
    ...childSummaryView({ ...child, groups: activeGroups }),
    countyCode: child.county_code,
    ethnicity: child.ethnicity,
    hukouRegionCode: child.hukou_region_code,
    hukouRegionName: child.hukou_region_name,
    hukouAddress: child.hukou_address,
    hukouNature: child.hukou_nature,
    residenceAddress: child.residence_address,
    boarding: child.boarding as 'day' | 'boarding' | null,
    healthStatus: child.health_status,
    mayRevealId: related.mayRevealId,
    mayEdit: related.mayEdit,
    version: child.version,
    updatedAt: child.updated_at,
    guardians: related.guardians.map((g) => ({
      id: g.id,
      name: g.name,
      relation: g.relation as GuardianRelationCode,
      phone: g.phone,
      idNumberMasked: maskIdNumber(g.id_number),
      isGuardian: g.is_guardian,
      workingAway: g.working_away,
      workPlace: g.work_place,
      endedAt: g.ended_at,
      version: g.version,
    })),
    groupMemberships: related.groups.map((g) => ({
      id: g.id,
      group: g.group_code as SpecialGroupCode,
      sourceDepartment: g.source_department as SourceDepartmentCode,
      validFrom: g.valid_from,
      validTo: g.valid_to,
      details: g.details,
      documentNumber: g.document_number,
      endedAt: g.ended_at,
      endReason: g.end_reason,
    })),
    enrollments: related.enrollments.map((e) => ({
      id: e.id,
      schoolYear: e.school_year,
      schoolId: e.school_id,
      schoolName: e.school_name,
      classId: e.class_id,
      className: nameOfClass(e.grade, e.class_number),
      grade: e.grade,
      startedOn: e.started_on,
      endedOn: e.ended_on,
      endReason: e.end_reason,
    })),
  };
}
