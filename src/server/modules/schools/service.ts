import type { SchoolTypeCode } from '../../../domain/index.ts';
import type { Grant } from '../../auth/actor.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import * as q from './queries.ts';
import type { SchoolListQueryInput } from './schema.ts';

const gradeNames = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
export const className = (grade: number, classNumber: number) =>
  `${gradeNames[grade] ?? grade}年级${classNumber}班`;

export async function listSchools(deps: Deps, grants: readonly Grant[], query: SchoolListQueryInput) {
  const { total, items } = await q.listSchools(deps.db, grants, query);
  return {
    total,
    items: items.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      type: s.type as SchoolTypeCode,
      countyCode: s.county_code,
      townshipCode: s.township_code,
      townshipName: s.township_name,
      classCount: Number(s.class_count ?? 0),
      childCount: Number(s.child_count ?? 0),
    })),
  };
}

/** A homeroom teacher sees only their own classes; anyone with the whole school in scope sees all. */
export async function listClasses(deps: Deps, grants: readonly Grant[], schoolId: number) {
  const school = await q.findSchool(deps.db, schoolId);
  if (!school) throw notFound('学校');
  const wholeSchool = grants.some((g) => g.level !== 'class' && g.level !== 'paired');
  const classIds = wholeSchool ? null : grants.flatMap((g) => (g.classId ? [g.classId] : []));
  const rows = await q.listClassesOfSchool(deps.db, schoolId, classIds);
  return {
    school: { id: school.id, code: school.code, name: school.name, type: school.type as SchoolTypeCode },
    items: rows.map((k) => ({
      id: k.id,
      schoolId: k.school_id,
      schoolYear: k.school_year,
      grade: k.grade,
      classNumber: k.class_number,
      name: className(k.grade, k.class_number),
      homeroomTeacherName: k.homeroom_teacher_name,
      childCount: Number(k.child_count ?? 0),
    })),
  };
}
