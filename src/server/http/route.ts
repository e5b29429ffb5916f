import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { Actor } from '../auth/actor.ts';
import { grantsFor } from '../auth/permissions.ts';
import { grantCovers, type RecordLocation } from '../auth/scope.ts';
import { AppError, notFound } from '../errors.ts';
import type { AppEnv } from './env.ts';

export type Access =
  /** Anyone, signed in or not (sign-in itself, health). */
  | { public: true }
  /** Any signed-in user, even one who still has to change the first password. */
  | { signedIn: true }
  | {
      permission: string;
      /** Finds where the addressed record sits; null (absent) answers 404 like an out-of-scope record. */
      locate?: (c: Context<AppEnv>) => Promise<RecordLocation | null>;
    };

const guardedRoutes = new Map<string, Access>();

/** `METHOD /api/path/:param` keys of every route declared through guardedRoute. */
export function guardedRouteKeys(): ReadonlyMap<string, Access> {
  return guardedRoutes;
}

function guard(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if ('public' in access) return next();
    const actor = c.get('actor');
    if (!actor) throw new AppError('unauthenticated', '请先登录');
    if ('signedIn' in access) return next();
    if (c.get('session')?.mustChangePassword) throw new AppError('forbidden', '请先修改初始密码');
    const grants = grantsFor(actor, access.permission);
    if (grants.length === 0) throw new AppError('forbidden', '您的角色无权执行此操作');
    if (access.locate) {
      const location = await access.locate(c);
      if (!location || !grants.some((grant) => grantCovers(grant, location, actor.userId))) throw notFound();
    }
    c.set('grants', grants);
    await next();
  };
}

/** Every API route is declared here: the access rule travels with the route, enforced by one guard. */
export function guardedRoute<const R extends Omit<RouteConfig, 'middleware'>>(
  config: R & { access: Access },
) {
  const { access, ...rest } = config;
  const key = `${config.method.toUpperCase()} ${config.path.replace(/\{(\w+)\}/g, ':$1')}`;
  guardedRoutes.set(key, access);
  return createRoute({ ...rest, middleware: [guard(access)] as const });
}

export const idParam = (c: Context<AppEnv>, name = 'id'): number | null => {
  const raw = c.req.param(name);
  return raw && /^[0-9]{1,15}$/.test(raw) ? Number(raw) : null;
};

/** The signed-in user of a guarded route (the guard has already refused anonymous requests). */
export function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('unauthenticated', '请先登录');
  return actor;
}
