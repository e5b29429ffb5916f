import { z } from '@hono/zod-openapi';

const pathId = (name: string) =>
  z
    .string()
    .regex(/^[0-9]+$/, '编号不正确')
    .openapi({ param: { name, in: 'path' } });
export const IdParams = z.object({ id: pathId('id') });

const isoDate = (what: string) => z.iso.date({ error: `${what}格式应为 YYYY-MM-DD` });

export const MARK_KINDS = ['absent', 'late', 'left_early', 'leave'] as const;
export const PORTIONS = ['whole', 'morning', 'afternoon'] as const;
export const ABSENCE_REASONS = ['sick', 'personal', 'other', 'unknown'] as const;
export const LEAVE_KINDS = ['sick', 'personal', 'other'] as const;
export const LEAVE_CHANNELS = ['in_person', 'phone', 'message', 'note'] as const;

export const Mark = z
  .object({
    kind: z.enum(MARK_KINDS, { error: '请选择缺勤、迟到、早退或请假' }),
    portion: z.enum(PORTIONS).default('whole'),
    reason: z.enum(ABSENCE_REASONS).nullable().default(null),
    symptoms: z.string().trim().max(100, '症状不能超过 100 字').nullable().default(null),
    note: z.string().trim().max(200, '备注不能超过 200 字').nullable().default(null),
  })
  .openapi('AttendanceMark');
export type MarkInput = z.infer<typeof Mark>;

export const DayInfo = z
  .object({
    day: z.string(),
    kind: z.enum(['school_day', 'makeup_day', 'weekend', 'holiday', 'closure', 'outside_term']),
    schoolDay: z.boolean(),
    label: z.string(),
  })
  .openapi('DayInfo');

export const LeaveView = z
  .object({
    id: z.number().int(),
    childId: z.number().int(),
    childName: z.string(),
    className: z.string().nullable(),
    kind: z.enum(LEAVE_KINDS),
    startsOn: z.string(),
    endsOn: z.string(),
    schoolDays: z.number().int(),
    reason: z.string().nullable(),
    symptoms: z.string().nullable(),
    requestedBy: z.string(),
    requestedVia: z.enum(LEAVE_CHANNELS),
    recordedAt: z.string(),
    recordedByName: z.string().nullable(),
    recordedLate: z.boolean().openapi({ description: '补假：请假开始后才登记' }),
    approverRole: z.string(),
    status: z.enum(['pending', 'approved', 'rejected', 'cancelled']),
    decidedAt: z.string().nullable(),
    decidedByName: z.string().nullable(),
    decisionNote: z.string().nullable(),
    policyVersion: z.number().int(),
  })
  .openapi('LeaveRequest');

export const RollCallDayQuery = z.object({ day: isoDate('日期').optional() });

export const RollCallSheet = z
  .object({
    classId: z.number().int(),
    className: z.string(),
    schoolId: z.number().int(),
    schoolName: z.string(),
    day: z.string(),
    today: z.string(),
    dayInfo: DayInfo,
    editable: z
      .boolean()
      .openapi({ description: '当天、上课日且当前用户可为本班点名时可提交和修改；过去的日期只读' }),
    submitted: z
      .object({
        revision: z.number().int(),
        submittedAt: z.string(),
        submittedByName: z.string().nullable(),
        updatedAt: z.string(),
        updatedByName: z.string().nullable(),
      })
      .nullable(),
    children: z.array(
      z.object({
        childId: z.number().int(),
        name: z.string(),
        sex: z.enum(['male', 'female']),
        grade: z.number().int().nullable(),
        studentNumber: z.string().nullable(),
        mark: Mark.nullable(),
        leave: z
          .object({
            id: z.number().int(),
            kind: z.enum(LEAVE_KINDS),
            startsOn: z.string(),
            endsOn: z.string(),
          })
          .nullable()
          .openapi({ description: '当天有效的已批准请假' }),
      }),
    ),
  })
  .openapi('RollCallSheet');
export type RollCallSheetView = z.infer<typeof RollCallSheet>;

export const RollCallBody = z
  .object({
    day: isoDate('日期'),
    /** null for the first submission of the day; the revision read otherwise (optimistic lock). */
    revision: z.number().int().min(1).nullable(),
    marks: z.array(Mark.extend({ childId: z.number().int().positive() })).max(200, '一个班最多 200 名学生'),
  })
  .openapi('RollCallSubmit');

export const RollCallSaved = RollCallSheet.extend({
  tasksOpened: z.number().int().openapi({ description: '本次提交新开启的处置任务数' }),
}).openapi('RollCallSaved');

export const MonthQuery = z.object({
  month: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'),
});

export const ClassMonth = z
  .object({
    classId: z.number().int(),
    today: z.string().openapi({ description: '服务器当天日期：此前未点名的上课日标为未提交' }),
    className: z.string(),
    schoolName: z.string(),
    month: z.string(),
    days: z.array(DayInfo.extend({ submitted: z.boolean() })),
    children: z.array(
      z.object({
        childId: z.number().int(),
        name: z.string(),
        marks: z.array(
          z.object({
            day: z.string(),
            kind: z.enum(MARK_KINDS),
            portion: z.enum(PORTIONS),
            reason: z.enum(ABSENCE_REASONS).nullable(),
            excused: z.boolean(),
          }),
        ),
        unexcusedDays: z.number().int(),
      }),
    ),
  })
  .openapi('ClassAttendanceMonth');

export const ChildAttendanceQuery = z.object({
  from: isoDate('开始日期').optional(),
  to: isoDate('结束日期').optional(),
});

export const ChildAttendance = z
  .object({
    childId: z.number().int(),
    name: z.string(),
    from: z.string(),
    to: z.string(),
    absences: z.array(Mark.extend({ day: z.string(), excused: z.boolean() }).openapi('ChildAbsence')),
    leaves: z.array(LeaveView),
    summary: z.object({
      unexcusedDays: z.number().int(),
      excusedDays: z.number().int(),
      late: z.number().int(),
      leftEarly: z.number().int(),
      sickDays: z.number().int(),
    }),
  })
  .openapi('ChildAttendance');

export const LeaveCreateBody = z
  .object({
    kind: z.enum(LEAVE_KINDS, { error: '请选择病假、事假或其他' }),
    startsOn: isoDate('开始日期'),
    endsOn: isoDate('结束日期'),
    reason: z.string().trim().max(200, '事由不能超过 200 字').optional().nullable(),
    symptoms: z.string().trim().max(100, '症状不能超过 100 字').optional().nullable(),
    requestedBy: z.string().trim().min(1, '请填写请假人（如：母亲 王秀英）').max(40, '请假人不能超过 40 字'),
    requestedVia: z.enum(LEAVE_CHANNELS, { error: '请选择请假方式' }),
  })
  .refine((body) => body.endsOn >= body.startsOn, { message: '结束日期不能早于开始日期', path: ['endsOn'] })
  .openapi('LeaveRequestCreate');

export const LeaveListQuery = z.object({
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '每页最多 100 条').default(20),
});
export const LeaveList = z
  .object({ total: z.number().int(), items: z.array(LeaveView) })
  .openapi('LeaveRequestList');

export const LeaveDecisionBody = z
  .object({
    decision: z.enum(['approve', 'reject'], { error: '请选择批准或不批准' }),
    note: z.string().trim().max(200, '意见不能超过 200 字').optional().nullable(),
  })
  .openapi('LeaveDecision');

export const RollCallStatusQuery = z.object({ day: isoDate('日期').optional() });
export const RollCallStatus = z
  .object({
    day: z.string(),
    dayIsSchoolDay: z.boolean(),
    rollCallBy: z.string(),
    pastDeadline: z.boolean(),
    totals: z.object({ classes: z.number().int(), submitted: z.number().int(), missing: z.number().int() }),
    schools: z.array(
      z.object({
        schoolId: z.number().int(),
        schoolName: z.string(),
        townshipName: z.string(),
        classes: z.number().int(),
        submitted: z.number().int(),
        missing: z.array(
          z.object({ classId: z.number().int(), className: z.string(), teacherName: z.string().nullable() }),
        ),
      }),
    ),
  })
  .openapi('RollCallStatus');

export const SubstituteBody = z
  .object({
    username: z.string().trim().min(1, '请填写代课教师的用户名'),
    until: isoDate('代课截止日期'),
  })
  .openapi('SubstituteAssign');
export const SubstituteAssigned = z
  .object({ userId: z.number().int(), displayName: z.string(), until: z.string() })
  .openapi('SubstituteAssigned');
