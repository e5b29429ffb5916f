import { z } from '@hono/zod-openapi';
import { SCHOOL_TYPE_CODES } from '../../../domain/index.ts';

export const SchoolView = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    type: z.enum(SCHOOL_TYPE_CODES),
    countyCode: z.string(),
    townshipCode: z.string(),
    townshipName: z.string(),
    classCount: z.number().int(),
    childCount: z.number().int(),
  })
  .openapi('School');

export const SchoolListQuery = z.object({
  q: z.string().trim().max(50).optional().openapi({ description: '学校名称或标识码' }),
  townshipCode: z
    .string()
    .regex(/^[0-9]{12}$/, '乡镇代码应为 12 位数字')
    .optional(),
  type: z.enum(SCHOOL_TYPE_CODES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const SchoolList = z
  .object({ total: z.number().int(), items: z.array(SchoolView) })
  .openapi('SchoolList');

export const ClassView = z
  .object({
    id: z.number().int(),
    schoolId: z.number().int(),
    schoolYear: z.number().int(),
    grade: z.number().int(),
    classNumber: z.number().int(),
    name: z.string(),
    homeroomTeacherName: z.string().nullable(),
    childCount: z.number().int(),
  })
  .openapi('SchoolClass');

export const ClassList = z
  .object({
    school: z.object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      type: z.enum(SCHOOL_TYPE_CODES),
    }),
    items: z.array(ClassView),
  })
  .openapi('ClassList');

export type SchoolListQueryInput = z.infer<typeof SchoolListQuery>;
