import { z } from '@hono/zod-openapi';
import type { ApiApp } from '../../http/env.ts';
import { guardedRoute, idParam } from '../../http/route.ts';
import { schoolPermissions } from './policy.ts';
import { locateSchool } from './queries.ts';
import { ClassList, SchoolList, SchoolListQuery } from './schema.ts';
import * as service from './service.ts';

const IdParams = z.object({
  id: z
    .string()
    .regex(/^[0-9]+$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export function registerSchoolRoutes(app: ApiApp): void {
  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/schools',
      tags: ['schools'],
      summary: '学校列表（限本人管辖范围）',
      access: { permission: schoolPermissions['school.read'] },
      request: { query: SchoolListQuery },
      responses: { 200: { description: 'OK', content: { 'application/json': { schema: SchoolList } } } },
    }),
    async (c) => c.json(await service.listSchools(c.get('deps'), c.get('grants'), c.req.valid('query')), 200),
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/schools/{id}/classes',
      tags: ['schools'],
      summary: '学校的班级',
      access: {
        permission: schoolPermissions['school.read'],
        locate: (c) => locateSchool(c.get('deps').db, idParam(c)),
      },
      request: { params: IdParams },
      responses: { 200: { description: 'OK', content: { 'application/json': { schema: ClassList } } } },
    }),
    async (c) =>
      c.json(await service.listClasses(c.get('deps'), c.get('grants'), Number(c.req.valid('param').id)), 200),
  );
}
