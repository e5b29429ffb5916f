import { z } from '@hono/zod-openapi';

const pathParam = (name: string, pattern: RegExp, message: string) =>
  z
    .string()
    .regex(pattern, message)
    .openapi({ param: { name, in: 'path' } });

export const CountyParams = z.object({ code: pathParam('code', /^[0-9]{6}$/, '区县代码应为 6 位数字') });
export const CountyEntryParams = CountyParams.extend({ id: pathParam('id', /^[0-9]+$/, '编号不正确') });
export const SchoolParams = z.object({ id: pathParam('id', /^[0-9]+$/, '学校编号不正确') });
export const SchoolEntryParams = SchoolParams.extend({
  entryId: pathParam('entryId', /^[0-9]+$/, '编号不正确'),
});

export const MonthQuery = z.object({
  month: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'),
});

const DayKind = z.enum(['school_day', 'makeup_day', 'weekend', 'holiday', 'closure', 'outside_term']);
const EntryKind = z.enum(['holiday', 'workday', 'closure'], { error: '请选择登记类型' });

export const CalendarMonth = z
  .object({
    countyCode: z.string(),
    schoolId: z.number().int().nullable(),
    month: z.string(),
    officialListCovers: z.boolean().openapi({ description: '国家法定节假日清单是否已覆盖该年' }),
    days: z.array(z.object({ day: z.string(), kind: DayKind, schoolDay: z.boolean(), label: z.string() })),
    entries: z.array(
      z.object({
        id: z.number().int(),
        day: z.string(),
        kind: EntryKind,
        note: z.string().nullable(),
        schoolId: z.number().int().nullable(),
        schoolName: z.string().nullable(),
      }),
    ),
    terms: z.array(z.object({ startsOn: z.string(), endsOn: z.string() })),
  })
  .openapi('CalendarMonth');

export const CountyEntryBody = z
  .object({
    day: z.iso.date({ error: '请选择日期' }),
    kind: EntryKind,
    note: z.string().trim().max(60, '说明不能超过 60 字').optional().nullable(),
  })
  .openapi('CalendarEntryCreate');

export const ClosureBody = z
  .object({
    day: z.iso.date({ error: '请选择日期' }),
    note: z.string().trim().min(1, '请填写停课原因').max(60, '说明不能超过 60 字'),
  })
  .openapi('SchoolClosureCreate');

export const EntryCreated = z.object({ id: z.number().int() }).openapi('CalendarEntryCreated');
