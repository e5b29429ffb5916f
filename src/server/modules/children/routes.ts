import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiApp, AppEnv } from '../../http/env.ts';
import { actorOf, guardedRoute, idParam } from '../../http/route.ts';
import { childPermissions } from './policy.ts';
import { locateChild } from './queries.ts';
import * as related from './relatedService.ts';
import {
  ChildCreateBody,
  ChildDetail,
  ChildList,
  ChildListQuery,
  ChildUpdateBody,
  EndBody,
  EnrollmentBody,
  GroupMembershipBody,
  GuardianBody,
  GuardianUpdateBody,
  RevealIdBody,
  RevealIdResult,
} from './schema.ts';
import * as service from './service.ts';

const pathId = (name: string) =>
  z
    .string()
    .regex(/^[0-9]+$/)
    .openapi({ param: { name, in: 'path' } });
const ChildParams = z.object({ id: pathId('id') });
const GuardianParams = z.object({ id: pathId('id'), guardianId: pathId('guardianId') });
const MembershipParams = z.object({ id: pathId('id'), membershipId: pathId('membershipId') });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const detailResponse = { 200: { description: 'OK', ...json(ChildDetail) } };

const locate = (c: Context<AppEnv>) => locateChild(c.get('deps').db, idParam(c));
const read = { permission: childPermissions['child.read'], locate };
const write = { permission: childPermissions['child.write'], locate };

export function registerChildRoutes(app: ApiApp): void {
  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/children',
      tags: ['children'],
      summary: '查找儿童（限本人管辖范围）',
      access: { permission: childPermissions['child.read'] },
      request: { query: ChildListQuery },
      responses: { 200: { description: 'OK', ...json(ChildList) } },
    }),
    async (c) =>
      c.json(
        await service.searchChildren(c.get('deps'), actorOf(c), c.get('grants'), c.req.valid('query')),
        200,
      ),
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/children',
      tags: ['children'],
      summary: '新增儿童并编入班级',
      access: { permission: childPermissions['child.write'] },
      request: { body: json(ChildCreateBody) },
      responses: { 201: { description: 'Created', ...json(ChildDetail) } },
    }),
    async (c) => c.json(await service.createChild(c.get('deps'), actorOf(c), c.req.valid('json')), 201),
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/children/{id}',
      tags: ['children'],
      summary: '儿童档案（查看即记入审计日志）',
      access: read,
      request: { params: ChildParams },
      responses: detailResponse,
    }),
    async (c) =>
      c.json(await service.getChild(c.get('deps'), actorOf(c), Number(c.req.valid('param').id)), 200),
  );

  app.openapi(
    guardedRoute({
      method: 'patch',
      path: '/api/children/{id}',
      tags: ['children'],
      summary: '修改儿童档案（带版本号，防止覆盖他人修改）',
      access: write,
      request: { params: ChildParams, body: json(ChildUpdateBody) },
      responses: detailResponse,
    }),
    async (c) =>
      c.json(
        await service.updateChild(
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
      method: 'post',
      path: '/api/children/{id}/reveal-id',
      tags: ['children'],
      summary: '查看完整证件号（须说明事由，记入审计）',
      access: { permission: childPermissions['child.revealId'], locate },
      request: { params: ChildParams, body: json(RevealIdBody) },
      responses: { 200: { description: 'OK', ...json(RevealIdResult) } },
    }),
    async (c) =>
      c.json(
        await service.revealIdNumber(
          c.get('deps'),
          actorOf(c),
          Number(c.req.valid('param').id),
          c.req.valid('json').reason,
        ),
        200,
      ),
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/children/{id}/guardians',
      tags: ['children'],
      summary: '添加监护人/家庭成员',
      access: write,
      request: { params: ChildParams, body: json(GuardianBody) },
      responses: detailResponse,
    }),
    async (c) =>
      c.json(
        await related.addGuardian(
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
      method: 'patch',
      path: '/api/children/{id}/guardians/{guardianId}',
      tags: ['children'],
      summary: '修改监护人信息',
      access: write,
      request: { params: GuardianParams, body: json(GuardianUpdateBody) },
      responses: detailResponse,
    }),
    async (c) => {
      const params = c.req.valid('param');
      return c.json(
        await related.updateGuardian(
          c.get('deps'),
          actorOf(c),
          Number(params.id),
          Number(params.guardianId),
          c.req.valid('json'),
        ),
        200,
      );
    },
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/children/{id}/guardians/{guardianId}/end',
      tags: ['children'],
      summary: '结束监护关系（记录保留）',
      access: write,
      request: { params: GuardianParams, body: json(EndBody) },
      responses: detailResponse,
    }),
    async (c) => {
      const params = c.req.valid('param');
      return c.json(
        await related.endGuardian(
          c.get('deps'),
          actorOf(c),
          Number(params.id),
          Number(params.guardianId),
          c.req.valid('json').reason,
        ),
        200,
      );
    },
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/children/{id}/groups',
      tags: ['children'],
      summary: '登记特殊群体身份（来源部门与有效期）',
      access: write,
      request: { params: ChildParams, body: json(GroupMembershipBody) },
      responses: detailResponse,
    }),
    async (c) =>
      c.json(
        await related.addGroupMembership(
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
      method: 'post',
      path: '/api/children/{id}/groups/{membershipId}/end',
      tags: ['children'],
      summary: '结束特殊群体身份（记录保留）',
      access: write,
      request: { params: MembershipParams, body: json(EndBody) },
      responses: detailResponse,
    }),
    async (c) => {
      const params = c.req.valid('param');
      return c.json(
        await related.endGroupMembership(
          c.get('deps'),
          actorOf(c),
          Number(params.id),
          Number(params.membershipId),
          c.req.valid('json').reason,
        ),
        200,
      );
    },
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/children/{id}/enrollment',
      tags: ['children'],
      summary: '调班（结束当前班级，编入新班级）',
      access: write,
      request: { params: ChildParams, body: json(EnrollmentBody) },
      responses: detailResponse,
    }),
    async (c) =>
      c.json(
        await related.changeEnrollment(
          c.get('deps'),
          actorOf(c),
          Number(c.req.valid('param').id),
          c.req.valid('json'),
        ),
        200,
      ),
  );
}
