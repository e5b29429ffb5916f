import { z } from '@hono/zod-openapi';
import { ROLE_CODES } from '../../../domain/index.ts';

export const IdParams = z.object({
  id: z
    .string()
    .regex(/^[0-9]+$/, '编号不正确')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const TASK_STATUSES = ['open', 'overdue', 'done', 'closed'] as const;
export const OUTCOME_REACHED = ['guardian', 'child', 'relative', 'nobody'] as const;
export const OUTCOME_CHANNELS = ['phone', 'visit', 'message', 'other'] as const;

export const TaskOutcome = z
  .object({
    reached: z.enum(OUTCOME_REACHED, { error: '请选择联系到了谁' }),
    channel: z.enum(OUTCOME_CHANNELS, { error: '请选择联系方式' }),
    reasonGiven: z.string().trim().max(200, '原因不能超过 200 字').nullable().default(null),
    expectedReturn: z.iso.date({ error: '预计返校日期格式应为 YYYY-MM-DD' }).nullable().default(null),
    childReturned: z.boolean().default(false),
    note: z.string().trim().max(500, '备注不能超过 500 字').nullable().default(null),
  })
  .openapi('EscalationOutcome');
export type TaskOutcomeInput = z.infer<typeof TaskOutcome>;

export const TaskView = z
  .object({
    id: z.number().int(),
    childId: z.number().int(),
    childName: z.string(),
    studentNumber: z.string().nullable(),
    classId: z.number().int().nullable(),
    className: z.string().nullable(),
    schoolId: z.number().int(),
    schoolName: z.string(),
    townshipName: z.string(),
    step: z.number().int().openapi({ description: '处置阶梯的第几步（1、2、3…）' }),
    runDay: z.number().int().openapi({ description: '该步骤在连续无故缺课第几天开启' }),
    action: z.enum(['contact_guardians', 'home_visit', 'report']),
    roles: z.array(z.enum(ROLE_CODES)),
    runStartedOn: z.string(),
    triggerDay: z.string(),
    dueAt: z.string(),
    status: z.enum(TASK_STATUSES),
    policyVersion: z.number().int(),
    unstaffedRoles: z.array(z.enum(ROLE_CODES)),
    owners: z.array(
      z.object({
        userId: z.number().int(),
        name: z.string(),
        role: z.enum(ROLE_CODES),
        viaRole: z.enum(ROLE_CODES),
        kind: z.enum(['owner', 'notify']),
      }),
    ),
    mine: z.boolean().openapi({ description: '当前用户是责任人' }),
    outcome: TaskOutcome.nullable(),
    outcomeAt: z.string().nullable(),
    outcomeByName: z.string().nullable(),
    closedReason: z
      .enum(['returned', 'excused'])
      .nullable()
      .openapi({ description: '返校或请假获批后自动关闭' }),
  })
  .openapi('EscalationTask');
export type TaskViewShape = z.infer<typeof TaskView>;

export const TaskListQuery = z.object({
  view: z
    .enum(['mine', 'supervise', 'all'])
    .default('mine')
    .openapi({ description: 'mine 我负责或知会我的；supervise 下级逾期；all 管辖范围内全部' }),
  status: z.enum(TASK_STATUSES).optional(),
  childId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '每页最多 100 条').default(20),
});
export const TaskList = z
  .object({ total: z.number().int(), items: z.array(TaskView) })
  .openapi('EscalationTaskList');

export const OverdueQuery = z.object({ groupBy: z.enum(['school', 'township']).default('school') });
export const OverdueSummary = z
  .object({
    groupBy: z.enum(['school', 'township']),
    groups: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        township: z.string().nullable(),
        open: z.number().int().openapi({ description: '未办结的任务（含逾期）' }),
        overdue: z.number().int().openapi({ description: '其中已逾期' }),
        oldestDueAt: z.string().nullable(),
      }),
    ),
    suspectedDropouts: z.number().int(),
  })
  .openapi('OverdueSummary');

export const DropoutList = z
  .object({
    total: z.number().int(),
    items: z.array(
      z.object({
        childId: z.number().int(),
        childName: z.string(),
        schoolName: z.string(),
        className: z.string().nullable(),
        runStartedOn: z.string(),
        enteredOn: z.string(),
        policyVersion: z.number().int(),
      }),
    ),
  })
  .openapi('SuspectedDropoutList');
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '每页最多 100 条').default(20),
});
