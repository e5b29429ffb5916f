import { z } from '@hono/zod-openapi';
import type { ApiApp } from '../../http/env.ts';
import { guardedRoute } from '../../http/route.ts';
import { listRegions } from './queries.ts';

const RegionList = z
  .object({ items: z.array(z.object({ code: z.string(), name: z.string(), level: z.string() })) })
  .openapi('RegionList');

export function registerRegionRoutes(app: ApiApp): void {
  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/regions',
      tags: ['reference'],
      summary: '行政区划（下级列表；不带 parent 返回省级）',
      access: { signedIn: true },
      request: {
        query: z.object({
          parent: z
            .string()
            .regex(/^[0-9]{12}$/, '行政区划代码应为 12 位数字')
            .optional(),
        }),
      },
      responses: { 200: { description: 'OK', content: { 'application/json': { schema: RegionList } } } },
    }),
    async (c) => {
      const { parent } = c.req.valid('query');
      return c.json({ items: await listRegions(c.get('deps').db, parent) }, 200);
    },
  );
}
