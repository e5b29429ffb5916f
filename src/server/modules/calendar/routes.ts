import type { Context } from 'hono';
import { notFound } from '../../errors.ts';
import type { ApiApp, AppEnv } from '../../http/env.ts';
import { actorOf, guardedRoute, idParam } from '../../http/route.ts';
import { locateCounty } from '../policy/index.ts';
import { locateSchool } from '../schools/index.ts';
import { calendarPermissions as p } from './policy.ts';
import {
  CalendarMonth,
  ClosureBody,
  CountyEntryBody,
  CountyEntryParams,
  CountyParams,
  EntryCreated,
  MonthQuery,
  SchoolEntryParams,
  SchoolParams,
} from './schema.ts';
import * as service from './service.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const county = (permission: string) => ({
  permission,
  locate: (c: Context<AppEnv>) => locateCounty(c.get('deps').db, c.req.param('code')),
});
const school = (permission: string) => ({
  permission,
  locate: (c: Context<AppEnv>) => locateSchool(c.get('deps').db, idParam(c)),
});
const noContent = { 204: { description: 'Deleted' } };

/** The guard has located the school already; this reads its county for the service. */
async function countyOfSchool(c: Context<AppEnv>): Promise<string> {
  const location = await locateSchool(c.get('deps').db, idParam(c));
  if (!location) throw notFound('学校');
  return location.countyCode;
}

export function registerCalendarRoutes(app: ApiApp): void {
  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/counties/{code}/calendar',
      tags: ['calendar'],
      summary: '区县校历（一个月）',
      access: county(p['calendar.county.read']),
      request: { params: CountyParams, query: MonthQuery },
      responses: { 200: { description: 'OK', content: json(CalendarMonth) } },
    }),
    async (c) =>
      c.json(
        await service.monthView(c.get('deps'), c.req.valid('param').code, c.req.valid('query').month, null),
        200,
      ),
  );

  app.openapi(
    guardedRoute({
      method: 'get',
      path: '/api/schools/{id}/calendar',
      tags: ['calendar'],
      summary: '学校校历（一个月，含本校停课）',
      access: school(p['calendar.read']),
      request: { params: SchoolParams, query: MonthQuery },
      responses: { 200: { description: 'OK', content: json(CalendarMonth) } },
    }),
    async (c) => {
      return c.json(
        await service.monthView(
          c.get('deps'),
          await countyOfSchool(c),
          c.req.valid('query').month,
          idParam(c),
        ),
        200,
      );
    },
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/counties/{code}/calendar-entries',
      tags: ['calendar'],
      summary: '登记放假、调休上课或全县停课',
      access: county(p['calendar.county.write']),
      request: { params: CountyParams, body: { content: json(CountyEntryBody), required: true } },
      responses: { 201: { description: 'Created', content: json(EntryCreated) } },
    }),
    async (c) =>
      c.json(
        await service.addEntry(c.get('deps'), actorOf(c), c.req.valid('param').code, c.req.valid('json')),
        201,
      ),
  );

  app.openapi(
    guardedRoute({
      method: 'delete',
      path: '/api/counties/{code}/calendar-entries/{id}',
      tags: ['calendar'],
      summary: '删除校历登记',
      access: county(p['calendar.county.write']),
      request: { params: CountyEntryParams },
      responses: noContent,
    }),
    async (c) => {
      const { code, id } = c.req.valid('param');
      await service.removeEntry(c.get('deps'), actorOf(c), code, Number(id), null);
      return c.body(null, 204);
    },
  );

  app.openapi(
    guardedRoute({
      method: 'post',
      path: '/api/schools/{id}/closures',
      tags: ['calendar'],
      summary: '登记本校停课',
      access: school(p['calendar.school.write']),
      request: { params: SchoolParams, body: { content: json(ClosureBody), required: true } },
      responses: { 201: { description: 'Created', content: json(EntryCreated) } },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(
        await service.addEntry(c.get('deps'), actorOf(c), await countyOfSchool(c), {
          ...body,
          kind: 'closure',
          schoolId: idParam(c),
        }),
        201,
      );
    },
  );

  app.openapi(
    guardedRoute({
      method: 'delete',
      path: '/api/schools/{id}/closures/{entryId}',
      tags: ['calendar'],
      summary: '删除本校停课登记',
      access: school(p['calendar.school.write']),
      request: { params: SchoolEntryParams },
      responses: noContent,
    }),
    async (c) => {
      const entryId = Number(c.req.valid('param').entryId);
      await service.removeEntry(c.get('deps'), actorOf(c), await countyOfSchool(c), entryId, idParam(c));
      return c.body(null, 204);
    },
  );
}
