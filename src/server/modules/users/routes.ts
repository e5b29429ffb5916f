import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError, notFound } from '../../errors.ts';
import type { ApiApp, AppEnv } from '../../http/env.ts';
import { actorOf, guardedRoute } from '../../http/route.ts';
import { userPermissions } from './policy.ts';
import { findUserById, listUsers } from './queries.ts';
import {
  PasswordReset,
  UserCreateBody,
  UserCreated,
  UserDisabled,
  UserList,
  UserListQuery,
} from './schema.ts';
import * as service from './service.ts';

const pathId = (name: string) =>
  z
    .string()
    .regex(/^[0-9]+$/)
    .openapi({ param: { name, in: 'path' } });
const UserParams = z.object({ id: pathId('id') });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const manage = { permission: userPermissions['user.manage'] };

/** The addressed account's username; 404 when there is none. */
async function usernameOf(c: Context<AppEnv>, id: string): Promise<{ id: number; username: string }> {
  const userId = Number(id);
  const user = Number.isSafeInteger(userId) ? await findUserById(c.get('deps').db, userId) : undefined;
  if (!user) throw notFound('用户');
  return user;
}

export function registerUserRoutes(app: ApiApp): void {
  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/users',
      tags: ['users'],
      summary: '用户列表（系统管理员；不含密码）',
      access: manage,
      request: { query: UserListQuery },
      responses: { 200: { description: 'OK', ...json(UserList) } },
    }),
    async (c) => {
      const deps = c.get('deps');
      return c.json(await listUsers(deps.db, c.req.valid('query'), deps.now()), 200);
    },
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/users',
      tags: ['users'],
      summary: '新增用户（返回一次性临时密码，首次登录须修改）',
      access: manage,
      request: { body: json(UserCreateBody) },
      responses: { 201: { description: 'Created', ...json(UserCreated) } },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const created = await service.addUser(c.get('deps'), actorOf(c), {
        ...body,
        phone: body.phone || null,
      });
      return c.json(created, 201);
    },
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/users/{id}/reset-password',
      tags: ['users'],
      summary: '重置密码（返回一次性临时密码，并注销该用户的所有会话）',
      access: manage,
      request: { params: UserParams },
      responses: { 200: { description: 'OK', ...json(PasswordReset) } },
    }),
    async (c) => {
      const user = await usernameOf(c, c.req.valid('param').id);
      return c.json(await service.resetPassword(c.get('deps'), actorOf(c), user.username), 200);
    },
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/users/{id}/disable',
      tags: ['users'],
      summary: '停用用户（并注销其所有会话）',
      access: manage,
      request: { params: UserParams },
      responses: { 200: { description: 'OK', ...json(UserDisabled) } },
    }),
    async (c) => {
      const actor = actorOf(c);
      const user = await usernameOf(c, c.req.valid('param').id);
      if (user.id === actor.userId) {
        throw new AppError('bad_request', '不能停用自己的账号；如需停用，请由另一位系统管理员操作');
      }
      await service.disable(c.get('deps'), actor, user.username);
      return c.json({ username: user.username, disabled: true as const }, 200);
    },
  );
}
