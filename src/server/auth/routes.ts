import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { AppError } from '../errors.ts';
import { clientIp } from '../http/clientIp.ts';
import type { ApiApp, AppEnv } from '../http/env.ts';
import { guardedRoute } from '../http/route.ts';
import { describeGrants } from './describeGrants.ts';
import { ChangePasswordBody, Me, SignInBody } from './schema.ts';
import { changePassword, signIn, signOut } from './service.ts';

export const SESSION_COOKIE = 'nol_session';
export const CSRF_COOKIE = 'nol_csrf';

const ok = {
  200: { description: 'OK', content: { 'application/json': { schema: z.object({ ok: z.boolean() }) } } },
};

/** Sign-in attempts per client address in a sliding window, before any password is checked. */
const attemptsByAddress = new Map<string, number[]>();
const WINDOW_MS = 5 * 60_000;
const MAX_ATTEMPTS_PER_WINDOW = 30;

function rateLimitSignIn(ip: string, now: number): void {
  const recent = (attemptsByAddress.get(ip) ?? []).filter((t) => now - t < WINDOW_MS);
  recent.push(now);
  attemptsByAddress.set(ip, recent);
  if (recent.length > MAX_ATTEMPTS_PER_WINDOW)
    throw new AppError('rate_limited', '登录尝试过于频繁，请 5 分钟后再试');
}

function setSessionCookies(c: Context<AppEnv>, token: string, csrfToken: string): void {
  const secure = c.get('deps').settings.secureCookies;
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure });
  setCookie(c, CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite: 'Strict', path: '/', secure });
}

export function registerAuthRoutes(app: ApiApp): void {
  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/auth/sign-in',
      tags: ['auth'],
      summary: '登录',
      access: { public: true },
      request: { body: { content: { 'application/json': { schema: SignInBody } } } },
      responses: ok,
    }),
    async (c) => {
      const body = c.req.valid('json');
      const ip = clientIp(c);
      const deps = c.get('deps');
      rateLimitSignIn(ip ?? 'unknown', deps.now().getTime());
      const result = await signIn(deps, { ...body, ip });
      setSessionCookies(c, result.token, result.csrfToken);
      return c.json({ ok: true }, 200);
    },
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/auth/sign-out',
      tags: ['auth'],
      summary: '退出登录',
      access: { signedIn: true },
      responses: ok,
    }),
    async (c) => {
      const actor = c.get('actor');
      const session = c.get('session');
      if (actor && session) await signOut(c.get('deps'), actor, session);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      deleteCookie(c, CSRF_COOKIE, { path: '/' });
      return c.json({ ok: true }, 200);
    },
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/auth/me',
      tags: ['auth'],
      summary: '当前用户与权限范围',
      access: { signedIn: true },
      responses: { 200: { description: 'OK', content: { 'application/json': { schema: Me } } } },
    }),
    async (c) => {
      const actor = c.get('actor');
      const session = c.get('session');
      if (!actor || !session) throw new AppError('unauthenticated', '请先登录');
      return c.json(
        {
          userId: actor.userId,
          username: actor.username,
          displayName: actor.displayName,
          mustChangePassword: session.mustChangePassword,
          csrfToken: session.csrfToken,
          grants: await describeGrants(c.get('deps').db, actor.grants),
        },
        200,
      );
    },
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/auth/password',
      tags: ['auth'],
      summary: '修改密码',
      access: { signedIn: true },
      request: { body: { content: { 'application/json': { schema: ChangePasswordBody } } } },
      responses: ok,
    }),
    async (c) => {
      const actor = c.get('actor');
      if (!actor) throw new AppError('unauthenticated', '请先登录');
      await changePassword(c.get('deps'), actor, c.req.valid('json'));
      return c.json({ ok: true }, 200);
    },
  );
}
