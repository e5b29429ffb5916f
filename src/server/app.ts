import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';
import { zhCN } from 'zod/locales';
import { registerAuditRoutes } from './audit/routes.ts';
import { registerAuthRoutes, SESSION_COOKIE } from './auth/routes.ts';
import { resolveSession } from './auth/service.ts';
import type { Deps } from './deps.ts';
import { AppError } from './errors.ts';
import { clientIp } from './http/clientIp.ts';
import type { ApiApp, AppEnv } from './http/env.ts';
import { fieldErrorsOf, handleError } from './http/errors.ts';
import { registerReferencePage } from './http/reference.ts';
import { serveWeb } from './http/web.ts';
import { registerAttendanceRoutes } from './modules/attendance/routes.ts';
import { registerCalendarRoutes } from './modules/calendar/routes.ts';
import { registerChildRoutes } from './modules/children/routes.ts';
import { registerCrosscheckRoutes } from './modules/crosscheck/routes.ts';
import { registerEscalationRoutes } from './modules/escalation/routes.ts';
import { registerImportRoutes, UPLOAD_PATH } from './modules/imports/routes.ts';
import { registerCountyPolicyRoutes } from './modules/policy/routes.ts';
import { registerRegionRoutes } from './modules/regions/routes.ts';
import { registerSchoolRoutes } from './modules/schools/routes.ts';
import { registerUserRoutes } from './modules/users/routes.ts';

z.config(zhCN());

/** The capability route lists; adding a module means adding its register function here. */
const MODULES: Array<(app: ApiApp) => void> = [
  registerAuthRoutes,
  registerRegionRoutes,
  registerSchoolRoutes,
  registerChildRoutes,
  registerAuditRoutes,
  registerUserRoutes,
  registerCountyPolicyRoutes,
  registerCalendarRoutes,
  registerAttendanceRoutes,
  registerEscalationRoutes,
  registerImportRoutes,
  registerCrosscheckRoutes,
];

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createApp(deps: Deps, options: { webDir?: string } = {}): ApiApp {
  const app: ApiApp = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const fields = fieldErrorsOf(result.error);
        throw new AppError('validation', fields.map((f) => f.message).join('；'), { fields });
      }
    },
  });
  app.onError(handleError);
  app.notFound((c) => c.json({ error: { code: 'not_found', message: '请求的地址不存在' } }, 404));

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'same-origin',
    }),
  );
  const apiBodyLimit = bodyLimit({
    maxSize: 1024 * 1024,
    onError: () => {
      throw new AppError('payload_too_large', '请求内容过大（上限 1 MB）');
    },
  });
  // List uploads carry their own, larger limit (modules/imports/routes.ts).
  app.use('/api/*', (c, next) =>
    c.req.method === 'POST' && c.req.path === UPLOAD_PATH ? next() : apiBodyLimit(c, next),
  );
  app.use('/api/*', async (c, next) => {
    c.set('deps', deps);
    c.set('actor', null);
    c.set('session', null);
    c.set('grants', []);
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const resolved = await resolveSession(deps, token, clientIp(c));
      if (resolved) {
        c.set('actor', resolved.actor);
        c.set('session', resolved.session);
      }
    }
    if (STATE_CHANGING.has(c.req.method)) {
      const session = c.get('session');
      // Double-submit: a cross-site form cannot read the csrf cookie nor set a custom header.
      const header = c.req.header('x-csrf-token');
      if (session ? header !== session.csrfToken : !header) {
        throw new AppError('forbidden', '请求缺少有效的防伪令牌，请刷新页面后重试');
      }
    }
    await next();
    c.header('Cache-Control', 'no-store');
  });

  for (const register of MODULES) register(app);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Not One Less 一个都不能少 API', version: '1' },
  });
  registerReferencePage(app);
  if (options.webDir) serveWeb(app, options.webDir);
  return app;
}
