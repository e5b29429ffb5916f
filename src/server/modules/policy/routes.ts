import type { ApiApp } from '../../http/env.ts';
import { actorOf, guardedRoute } from '../../http/route.ts';
import { countyPolicyPermissions } from './policy.ts';
import { locateCounty } from './queries.ts';
import { CountyParams, PolicyOverview, PolicySaveBody, PolicySaved } from './schema.ts';
import * as service from './service.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

export function registerCountyPolicyRoutes(app: ApiApp): void {
  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/counties/{code}/policy',
      tags: ['county policy'],
      summary: '一县一策：各版本与现行版本',
      access: {
        permission: countyPolicyPermissions['countyPolicy.read'],
        locate: (c) => locateCounty(c.get('deps').db, c.req.param('code')),
      },
      request: { params: CountyParams },
      responses: { 200: { description: 'OK', content: json(PolicyOverview) } },
    }),
    async (c) => c.json(await service.describePolicy(c.get('deps'), c.req.valid('param').code), 200),
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/counties/{code}/policy',
      tags: ['county policy'],
      summary: '保存新版本（设定生效日期；旧版本不可修改）',
      access: {
        permission: countyPolicyPermissions['countyPolicy.write'],
        locate: (c) => locateCounty(c.get('deps').db, c.req.param('code')),
      },
      request: { params: CountyParams, body: { content: json(PolicySaveBody), required: true } },
      responses: { 201: { description: 'Created', content: json(PolicySaved) } },
    }),
    async (c) =>
      c.json(
        await service.savePolicyVersion(
          c.get('deps'),
          actorOf(c),
          c.req.valid('param').code,
          c.req.valid('json'),
        ),
        201,
      ),
  );
}
