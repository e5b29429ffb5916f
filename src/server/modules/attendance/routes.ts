import type { Context } from 'hono';
import { actorMaySee } from '../../auth/scope.ts';
import { schoolDate } from '../../clock.ts';
import { notFound } from '../../errors.ts';
import type { ApiApp, AppEnv } from '../../http/env.ts';
import { actorOf, guardedRoute, idParam } from '../../http/route.ts';
import { findChild, locateChild } from '../children/index.ts';
import { locateClassOfRequest } from '../schools/index.ts';
import { decideLeave, listLeaves, recordLeave } from './leave.ts';
import { attendancePermissions as p } from './policy.ts';
import { locateLeave } from './queries.ts';
import {
  ChildAttendance,
  ChildAttendanceQuery,
  ClassMonth,
  IdParams,
  LeaveCreateBody,
  LeaveDecisionBody,
  LeaveList,
  LeaveListQuery,
  LeaveView,
  MonthQuery,
  RollCallBody,
  RollCallDayQuery,
  RollCallSaved,
  RollCallSheet,
  RollCallStatus,
  RollCallStatusQuery,
  SubstituteAssigned,
  SubstituteBody,
} from './schema.ts';
import * as service from './service.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const onClass = (permission: string) => ({
  permission,
  locate: (c: Context<AppEnv>) => locateClassOfRequest(c.get('deps').db, idParam(c)),
});
const onChild = (permission: string) => ({
  permission,
  locate: (c: Context<AppEnv>) => locateChild(c.get('deps').db, idParam(c)),
});
const classId = (c: Context<AppEnv>) => idParam(c) as number;

async function childOf(c: Context<AppEnv>) {
  const child = await findChild(c.get('deps').db, idParam(c) ?? -1);
  if (!child) throw notFound('学生');
  return { countyCode: child.county_code, id: child.id, name: child.name };
}

export function registerAttendanceRoutes(app: ApiApp): void {
  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/classes/{id}/roll-call',
      tags: ['attendance'],
      summary: '班级某天的点名表（默认今天）',
      access: onClass(p['attendance.read']),
      request: { params: IdParams, query: RollCallDayQuery },
      responses: { 200: { description: 'OK', content: json(RollCallSheet) } },
    }),
    async (c) => {
      const deps = c.get('deps');
      const day = c.req.valid('query').day ?? schoolDate(deps.now());
      const location = await locateClassOfRequest(deps.db, classId(c));
      const mayRecord = location !== null && actorMaySee(actorOf(c), p['attendance.record'], location);
      return c.json(await service.rollCallSheet(deps.db, deps.now(), classId(c), day, mayRecord), 200);
    },
  );

  app.openapi(
    guardedRoute({
      method: 'put',
      path: '/api/classes/{id}/roll-call',
      tags: ['attendance'],
      summary: '提交或修改当天点名（按例外记录；并发提交时返回 409 与最新记录）',
      access: onClass(p['attendance.record']),
      request: { params: IdParams, body: { content: json(RollCallBody), required: true } },
      responses: {
        200: { description: 'Saved', content: json(RollCallSaved) },
        409: { description: '他人已提交或修改；error.current 为最新点名表' },
      },
    }),
    async (c) =>
      c.json(await service.submitRollCall(c.get('deps'), actorOf(c), classId(c), c.req.valid('json')), 200),
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/classes/{id}/attendance',
      tags: ['attendance'],
      summary: '班级考勤月表',
      access: onClass(p['attendance.read']),
      request: { params: IdParams, query: MonthQuery },
      responses: { 200: { description: 'OK', content: json(ClassMonth) } },
    }),
    async (c) => c.json(await service.classMonth(c.get('deps'), classId(c), c.req.valid('query').month), 200),
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/classes/{id}/substitutes',
      tags: ['attendance'],
      summary: '指定代课教师（可为本班点名，至截止日期）',
      access: onClass(p['substitute.assign']),
      request: { params: IdParams, body: { content: json(SubstituteBody), required: true } },
      responses: { 201: { description: 'Assigned', content: json(SubstituteAssigned) } },
    }),
    async (c) =>
      c.json(await service.assignSubstitute(c.get('deps'), actorOf(c), classId(c), c.req.valid('json')), 201),
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/children/{id}/attendance',
      tags: ['attendance'],
      summary: '学生考勤记录（缺勤与请假）',
      access: onChild(p['attendance.read']),
      request: { params: IdParams, query: ChildAttendanceQuery },
      responses: { 200: { description: 'OK', content: json(ChildAttendance) } },
    }),
    async (c) =>
      c.json(await service.childAttendance(c.get('deps'), await childOf(c), c.req.valid('query')), 200),
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/children/{id}/leave-requests',
      tags: ['attendance'],
      summary: '登记请假（可补登，期限按本县政策）',
      access: onChild(p['leave.record']),
      request: { params: IdParams, body: { content: json(LeaveCreateBody), required: true } },
      responses: { 201: { description: 'Created', content: json(LeaveView) } },
    }),
    async (c) => {
      const child = await childOf(c);
      return c.json(
        await recordLeave(c.get('deps'), actorOf(c), child.countyCode, child.id, c.req.valid('json')),
        201,
      );
    },
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/leave-requests',
      tags: ['attendance'],
      summary: '请假列表（限管辖范围）',
      access: { permission: p['leave.decide'] },
      request: { query: LeaveListQuery },
      responses: { 200: { description: 'OK', content: json(LeaveList) } },
    }),
    async (c) =>
      c.json(await listLeaves(c.get('deps'), actorOf(c), c.get('grants'), c.req.valid('query')), 200),
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/leave-requests/{id}/decision',
      tags: ['attendance'],
      summary: '审批请假',
      access: {
        permission: p['leave.decide'],
        locate: (c) => locateLeave(c.get('deps').db, idParam(c)),
      },
      request: { params: IdParams, body: { content: json(LeaveDecisionBody), required: true } },
      responses: { 200: { description: 'OK', content: json(LeaveView) } },
    }),
    async (c) =>
      c.json(await decideLeave(c.get('deps'), actorOf(c), idParam(c) as number, c.req.valid('json')), 200),
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/roll-call-status',
      tags: ['attendance'],
      summary: '未按时点名的班级（按学校）',
      access: { permission: p['rollCall.status'] },
      request: { query: RollCallStatusQuery },
      responses: { 200: { description: 'OK', content: json(RollCallStatus) } },
    }),
    async (c) =>
      c.json(await service.rollCallStatus(c.get('deps'), c.get('grants'), c.req.valid('query').day), 200),
  );
}
