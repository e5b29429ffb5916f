import { z } from '@hono/zod-openapi';
import type { ApiApp } from '../http/env.ts';
import { guardedRoute } from '../http/route.ts';
import { auditPermissions } from './policy.ts';
import { searchAudit } from './queries.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const AuditQuery = z.object({
  username: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  entity: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
const AuditList = z
  .object({
    total: z.number().int(),
    items: z.array(
      z.object({
        id: z.number().int(),
        at: z.string(),
        username: z.string(),
        action: z.string(),
        entity: z.string(),
        entityId: z.string().nullable(),
        countyCode: z.string().nullable(),
        reason: z.string().nullable(),
        detail: z.record(z.string(), z.unknown()),
        ip: z.string().nullable(),
      }),
    ),
  })
  .openapi('AuditList');

export function registerAuditRoutes(app: ApiApp): void {
  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/audit',
      tags: ['audit'],
      summary: '审计日志查询（审计员）',
      access: { permission: auditPermissions['audit.read'] },
      request: { query: AuditQuery },
      responses: { 200: { description: 'OK', content: { 'application/json': { schema: AuditList } } } },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const { total, items } = await searchAudit(c.get('deps').db, c.get('grants'), {
        ...query,
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      return c.json(
        {
          total,
          items: items.map((row) => ({
            id: row.id,
            at: row.at,
            username: row.username,
            action: row.action,
            entity: row.entity,
            entityId: row.entity_id,
            countyCode: row.county_code,
            reason: row.reason,
            detail: row.detail,
            ip: row.ip,
          })),
        },
        200,
      );
    },
  );
}
