import { addDays, daysInMonth } from '../../../domain/dates.ts';
import { maskStudentNumber } from '../../../domain/index.ts';
import { schoolYearOf } from '../../../domain/schoolAge.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { Actor, Grant } from '../../auth/actor.ts';
import { schoolDate } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound, validationError } from '../../errors.ts';
import { cachedCountyCalendar } from '../calendar/index.ts';
import { cachedPolicyTimeline } from '../policy/index.ts';
import { type ClassRow, className, loadClass } from '../schools/index.ts';
import { leaveView } from './leave.ts';
import * as q from './queries.ts';
import { writeRollCall } from './rollCallWrites.ts';
import type { MarkInput, RollCallSheetView } from './schema.ts';

type Db = Deps['db'];

async function requireClass(db: Db, classId: number): Promise<ClassRow> {
  const found = await loadClass(db, classId);
  if (!found) throw notFound('班级');
  return found;
}

type ChildRow = Awaited<ReturnType<typeof q.classChildren>>[number];
type DayLeave = Awaited<ReturnType<typeof q.approvedLeavesOn>>[number];

interface SheetParts {
  schoolClass: ClassRow;
  day: string;
  today: string;
  dayInfo: RollCallSheetView['dayInfo'];
  mayRecord: boolean;
  submitted: RollCallSheetView['submitted'];
  children: readonly ChildRow[];
  marks: ReadonlyMap<number, MarkInput>;
  leaves: readonly DayLeave[];
}

function composeSheet(parts: SheetParts): RollCallSheetView {
  const { schoolClass, day, today, dayInfo } = parts;
  return {
    classId: schoolClass.id,
    className: className(schoolClass.grade, schoolClass.class_number),
    schoolId: schoolClass.school_id,
    schoolName: schoolClass.school_name,
    day,
    today,
    dayInfo,
    editable: parts.mayRecord && day === today && dayInfo.schoolDay,
    submitted: parts.submitted,
    children: parts.children.map((child) => {
      const leave = parts.leaves.find((l) => l.child_id === child.id);
      return {
        childId: child.id,
        name: child.name,
        sex: child.sex as 'male' | 'female',
        grade: child.grade,
        studentNumber: maskStudentNumber(child.student_number),
        mark: parts.marks.get(child.id) ?? null,
        leave: leave
          ? { id: leave.id, kind: leave.kind as 'sick', startsOn: leave.starts_on, endsOn: leave.ends_on }
          : null,
      };
    }),
  };
}

/** `mayRecord`: the reader may take this class's roll call (a bureau analyst reads it only). */
export async function rollCallSheet(
  db: Db,
  now: Date,
  classId: number,
  day: string,
  mayRecord = true,
): Promise<RollCallSheetView> {
  const schoolClass = await requireClass(db, classId);
  const county = schoolClass.county_code;
  const [calendar, children, rollCall] = await Promise.all([
    cachedCountyCalendar(db, county),
    q.classChildren(db, classId),
    q.findRollCall(db, county, classId, day),
  ]);
  const [absences, leaves] = await Promise.all([
    rollCall ? q.absencesOfRollCall(db, county, rollCall.id) : Promise.resolve([]),
    q.approvedLeavesOn(
      db,
      county,
      children.map((c) => c.id),
      day,
    ),
  ]);
  return composeSheet({
    schoolClass,
    day,
    today: schoolDate(now),
    dayInfo: calendar.forSchool(schoolClass.school_id).describe(day),
    mayRecord,
    submitted: rollCall
      ? {
          revision: rollCall.revision,
          submittedAt: rollCall.submitted_at,
          submittedByName: rollCall.submitted_by_name,
          updatedAt: rollCall.updated_at,
          updatedByName: rollCall.updated_by_name,
        }
      : null,
    children,
    marks: new Map(
      absences.map((a) => [
        a.child_id,
        {
          kind: a.kind as MarkInput['kind'],
          portion: a.portion as MarkInput['portion'],
          reason: a.reason as MarkInput['reason'],
          symptoms: a.symptoms,
          note: a.note,
        },
      ]),
    ),
    leaves,
  });
}

/**
 * One submission per class and school day, stored by exception. The first submission inserts under
 * the (class, day) key, an edit bumps the revision it read: either way a concurrent submission
 * loses cleanly with a 409 carrying the sheet as it now stands, so no mark is overwritten unseen.
 */
export async function submitRollCall(
  deps: Deps,
  actor: Actor,
  classId: number,
  body: { day: string; revision: number | null; marks: Array<MarkInput & { childId: number }> },
) {
  const now = deps.now();
  const today = schoolDate(now);
  if (body.day > today)
    throw validationError([{ field: 'day', message: `不能为将来的日期（${body.day}）点名` }]);
  if (body.day < today) {
    throw validationError([
      { field: 'day', message: `只能提交和修改当天的点名；${body.day} 的记录已不可修改` },
    ]);
  }
  const schoolClass = await requireClass(deps.db, classId);
  const county = schoolClass.county_code;
  const [calendar, timeline] = await Promise.all([
    cachedCountyCalendar(deps.db, county),
    cachedPolicyTimeline(deps.db, county),
  ]);
  const dayInfo = calendar.forSchool(schoolClass.school_id).describe(body.day);
  if (!dayInfo.schoolDay) {
    throw validationError([
      { field: 'day', message: `${body.day} 不是上课日（${dayInfo.label}），无需点名` },
    ]);
  }
  const seen = new Set<number>();
  for (const mark of body.marks) {
    if (seen.has(mark.childId)) {
      throw validationError([{ field: 'marks', message: `学生（编号 ${mark.childId}）被标记了两次` }]);
    }
    seen.add(mark.childId);
  }
  const written = await writeRollCall(deps.db, { actor, now, schoolClass, calendar, timeline, body });
  if (written.conflict !== null) {
    throw new AppError('conflict', written.conflict, {
      current: await rollCallSheet(deps.db, now, classId, body.day),
    });
  }
  // The reply is built from what this request holds: no second read of the sheet.
  const sheet = composeSheet({
    schoolClass,
    day: body.day,
    today,
    dayInfo,
    mayRecord: true,
    submitted: written.submitted,
    children: written.children,
    marks: new Map(body.marks.map(({ childId, ...mark }) => [childId, mark])),
    leaves: written.leaves,
  });
  return { ...sheet, tasksOpened: written.tasksOpened };
}

export async function classMonth(deps: Deps, classId: number, month: string) {
  const schoolClass = await requireClass(deps.db, classId);
  const county = schoolClass.county_code;
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const from = `${month}-01`;
  const to = `${month}-${String(daysInMonth(year, monthNumber)).padStart(2, '0')}`;
  const calendar = (await cachedCountyCalendar(deps.db, county)).forSchool(schoolClass.school_id);
  const children = await q.classChildren(deps.db, classId);
  const ids = children.map((c) => c.id);
  const [absences, leaves, submitted] = await Promise.all([
    q.absencesOfChildren(deps.db, county, ids, from, to),
    q.leavesOfChildren(deps.db, county, ids, from, to),
    q.submittedDays(deps.db, county, classId, from, to),
  ]);
  const submittedSet = new Set(submitted.map((s) => s.day));
  const days = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    days.push({ ...calendar.describe(day), submitted: submittedSet.has(day) });
  }
  return {
    classId,
    today: schoolDate(deps.now()),
    className: className(schoolClass.grade, schoolClass.class_number),
    schoolName: schoolClass.school_name,
    month,
    days,
    children: children.map((child) => {
      const marks = absences
        .filter((a) => a.child_id === child.id)
        .map((a) => ({
          day: a.day,
          kind: a.kind as MarkInput['kind'],
          portion: a.portion as MarkInput['portion'],
          reason: a.reason as MarkInput['reason'],
          excused: isExcused(leaves, child.id, a.day),
        }))
        .sort((x, y) => x.day.localeCompare(y.day));
      return {
        childId: child.id,
        name: child.name,
        marks,
        unexcusedDays: marks.filter(
          (m) => !m.excused && m.portion === 'whole' && (m.kind === 'absent' || m.kind === 'leave'),
        ).length,
      };
    }),
  };
}

function isExcused(leaves: readonly q.LeaveRow[], childId: number, day: string): boolean {
  return leaves.some(
    (l) => l.child_id === childId && l.status === 'approved' && l.starts_on <= day && day <= l.ends_on,
  );
}

export async function childAttendance(
  deps: Deps,
  child: { countyCode: string; id: number; name: string },
  range: { from?: string; to?: string },
) {
  const to = range.to ?? schoolDate(deps.now());
  const from = range.from ?? addDays(to, -180);
  if (from > to) throw validationError([{ field: 'from', message: '开始日期不能晚于结束日期' }]);
  const [absences, leaves] = await Promise.all([
    q.absencesOfChildren(deps.db, child.countyCode, [child.id], from, to),
    q.leavesOfChildren(deps.db, child.countyCode, [child.id], from, to),
  ]);
  const rows = absences.map((a) => ({
    day: a.day,
    kind: a.kind as MarkInput['kind'],
    portion: a.portion as MarkInput['portion'],
    reason: a.reason as MarkInput['reason'],
    symptoms: a.symptoms,
    note: a.note,
    excused: isExcused(leaves, child.id, a.day),
  }));
  const whole = rows.filter((r) => r.portion === 'whole' && (r.kind === 'absent' || r.kind === 'leave'));
  return {
    childId: child.id,
    name: child.name,
    from,
    to,
    absences: rows,
    leaves: leaves.map(leaveView),
    summary: {
      unexcusedDays: whole.filter((r) => !r.excused).length,
      excusedDays: whole.filter((r) => r.excused).length,
      late: rows.filter((r) => r.kind === 'late').length,
      leftEarly: rows.filter((r) => r.kind === 'left_early').length,
      sickDays: whole.filter((r) => r.reason === 'sick').length,
    },
  };
}

/** Classes without a roll call for the day, by school, for principals and the bureau. */
export async function rollCallStatus(deps: Deps, grants: readonly Grant[], dayInput?: string) {
  const now = deps.now();
  const day = dayInput ?? schoolDate(now);
  const rows = await q.rollCallStatus(deps.db, grants, schoolYearOf(day), day);
  // A city's view spans counties, each with its own calendar; the hour is the first county's
  // (the user's own county for everyone below the city).
  const counties = [...new Set(rows.map((row) => row.county_code))];
  const calendars = new Map(
    await Promise.all(
      counties.map(async (code) => [code, await cachedCountyCalendar(deps.db, code)] as const),
    ),
  );
  const county = counties[0];
  const timeline = county ? await cachedPolicyTimeline(deps.db, county) : null;
  const calendar = county ? calendars.get(county) : undefined;
  const rollCallBy = timeline?.on(day).policy.attendance.rollCallBy ?? '09:00';
  const schools = new Map<
    number,
    {
      schoolId: number;
      schoolName: string;
      townshipName: string;
      classes: number;
      submitted: number;
      missing: Array<{ classId: number; className: string; teacherName: string | null }>;
    }
  >();
  for (const row of rows) {
    if (!calendars.get(row.county_code)?.forSchool(row.school_id).isSchoolDay(day)) continue;
    const school = schools.get(row.school_id) ?? {
      schoolId: row.school_id,
      schoolName: row.school_name,
      townshipName: row.township_name,
      classes: 0,
      submitted: 0,
      missing: [],
    };
    school.classes += 1;
    if (row.submitted) school.submitted += 1;
    else
      school.missing.push({
        classId: row.class_id,
        className: className(row.grade, row.class_number),
        teacherName: row.teacher_name,
      });
    schools.set(row.school_id, school);
  }
  const list = [...schools.values()];
  const classes = list.reduce((n, s) => n + s.classes, 0);
  const submitted = list.reduce((n, s) => n + s.submitted, 0);
  return {
    day,
    dayIsSchoolDay: calendar ? calendar.forSchool(null).isSchoolDay(day) : false,
    rollCallBy,
    pastDeadline: now >= new Date(`${day}T${rollCallBy}:00+08:00`),
    totals: { classes, submitted, missing: classes - submitted },
    schools: list.sort((a, b) => b.missing.length - a.missing.length),
  };
}

/** A substitute takes the class's roll call until the end of `until` (China time), then loses it. */
export async function assignSubstitute(
  deps: Deps,
  actor: Actor,
  classId: number,
  input: { username: string; until: string },
) {
  const today = schoolDate(deps.now());
  if (input.until < today) throw validationError([{ field: 'until', message: '代课截止日期不能早于今天' }]);
  if (input.until > addDays(today, 180)) {
    throw validationError([{ field: 'until', message: '代课最长 180 天；长期任课请调整班主任' }]);
  }
  const schoolClass = await requireClass(deps.db, classId);
  const user = await q.findUserForSubstitute(deps.db, input.username);
  if (!user || user.disabled_at)
    throw validationError([{ field: 'username', message: `用户 ${input.username} 不存在或已停用` }]);
  const endsAt = new Date(`${addDays(input.until, 1)}T00:00:00+08:00`);
  return deps.db.transaction().execute(async (trx) => {
    await q.insertSubstituteRole(trx, user.id, classId, endsAt);
    await writeAudit(trx, actor, {
      action: 'class.substitute',
      entity: 'school_class',
      entityId: classId,
      countyCode: schoolClass.county_code,
      detail: { userId: user.id, until: input.until },
    });
    return { userId: user.id, displayName: user.display_name, until: input.until };
  });
}
