import type { ApiApp } from '../../http/env.ts';
import { actorOf, guardedRoute, idParam } from '../../http/route.ts';
import { escalationPermissions as p } from './policy.ts';
import { locateTask } from './queries.ts';
import {
  DropoutList,
  IdParams,
  OverdueQuery,
  OverdueSummary,
  PageQuery,
  TaskList,
  TaskListQuery,
  TaskOutcome,
  TaskView,
} from './schema.ts';
import * as service from './service.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

export function registerEscalationRoutes(app: ApiApp): void {
  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/tasks',
      tags: ['escalation'],
      summary: '处置任务（我负责的、下级逾期的、管辖范围内全部）',
      access: { permission: p['escalation.read'] },
      request: { query: TaskListQuery },
      responses: { 200: { description: 'OK', content: json(TaskList) } },
    }),
    async (c) =>
      c.json(await service.listTasks(c.get('deps'), actorOf(c), c.get('grants'), c.req.valid('query')), 200),
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/tasks/{id}/outcome',
      tags: ['escalation'],
      summary: '登记处置结果（责任人）',
      access: {
        permission: p['escalation.outcome'],
        locate: (c) => locateTask(c.get('deps').db, idParam(c)),
      },
      request: { params: IdParams, body: { content: json(TaskOutcome), required: true } },
      responses: { 200: { description: 'OK', content: json(TaskView) } },
    }),
    async (c) =>
      c.json(
        await service.recordOutcome(
          c.get('deps'),
          actorOf(c),
          Number(c.req.valid('param').id),
          c.req.valid('json'),
        ),
        200,
      ),
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/escalations/overdue',
      tags: ['escalation'],
      summary: '逾期督办：按学校或乡镇汇总',
      access: { permission: p['escalation.oversee'] },
      request: { query: OverdueQuery },
      responses: { 200: { description: 'OK', content: json(OverdueSummary) } },
    }),
    async (c) =>
      c.json(
        await service.overdueSummary(
          c.get('deps'),
          actorOf(c),
          c.get('grants'),
          c.req.valid('query').groupBy,
        ),
        200,
      ),
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/suspected-dropouts',
      tags: ['escalation'],
      summary: '疑似辍学登记',
      access: { permission: p['escalation.oversee'] },
      request: { query: PageQuery },
      responses: { 200: { description: 'OK', content: json(DropoutList) } },
    }),
    async (c) => {
      const { page, pageSize } = c.req.valid('query');
      return c.json(
        await service.listDropouts(c.get('deps'), actorOf(c), c.get('grants'), page, pageSize),
        200,
      );
    },
  );
}
