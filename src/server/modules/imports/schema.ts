import { z } from '@hono/zod-openapi';
import { IMPORT_FIELDS, LIST_KINDS } from './mapping.ts';

const kind = z.enum(LIST_KINDS, { error: '名单类型须为 students、police、poverty、disabled 或 civil' });
const countyCode = z.string().regex(/^[0-9]{6}$/, '区县代码应为 6 位数字');
const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what}不能超过 ${max} 字`)
    .optional()
    .transform((v) => v || undefined);

export const PreviewQuery = z.object({
  countyCode: countyCode.optional().openapi({ description: '数据库中只有一个区县时可省略' }),
});

export const PreviewForm = z.object({
  file: z.instanceof(File, { error: '请选择要上传的文件' }).openapi({
    type: 'string',
    format: 'binary',
    description: '.xlsx / .csv（.xls、.et 需服务器装有 LibreOffice）',
  }),
  kind,
  unit: optionalText(100, '发文单位'),
  encoding: optionalText(30, '编码'),
});

export const ListPreview = z
  .object({
    uploadId: z.string(),
    format: z.string(),
    encoding: z.string().nullable(),
    headerRow: z.number().int().openapi({ description: '表头所在的行号（Excel 显示的行号）' }),
    headers: z.array(
      z.object({ index: z.number().int(), header: z.string(), field: z.enum(IMPORT_FIELDS).nullable() }),
    ),
    preview: z.array(z.array(z.string())).openapi({ description: '前 10 行数据，按表头各列' }),
    unmatched: z.array(z.string()).openapi({ description: '未能识别的列名' }),
    remembered: z.boolean().openapi({ description: '使用了该来源上次确认的列对应' }),
    refusal: z.string().nullable().openapi({ description: '按当前列对应导入时整份文件会被拒绝的原因' }),
  })
  .openapi('ListPreview');

export const ImportBody = z
  .object({
    uploadId: z.string().min(1, '请先上传文件'),
    kind,
    countyCode,
    unit: optionalText(100, '发文单位'),
    cutOffDate: z.iso.date({ error: '截止日期格式应为 YYYY-MM-DD' }).optional(),
    documentNumber: optionalText(100, '文号'),
    mapping: z
      .record(z.string(), z.union([z.enum(IMPORT_FIELDS), z.literal('')]))
      .optional()
      .openapi({ description: '列名 → 字段（空字符串表示不使用该列）' }),
  })
  .openapi('ImportBody');

export const JobStarted = z.object({ jobId: z.string() }).openapi('ImportJobStarted');
export const JobParams = z.object({
  jobId: z.string().openapi({ param: { name: 'jobId', in: 'path' } }),
});

export const ImportResult = z
  .object({
    importId: z.number().int(),
    read: z.number().int().openapi({ description: '表头以下的非空数据行数' }),
    accepted: z.number().int(),
    rejected: z.number().int(),
  })
  .openapi('ImportResult');

export const ImportJob = z
  .object({
    state: z.enum(['running', 'done', 'failed']),
    rowsRead: z.number().int(),
    result: ImportResult.optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .openapi('ImportJob');

export const ImportListQuery = z.object({ countyCode });

export const ImportSummary = z
  .object({
    id: z.number().int(),
    countyCode: z.string(),
    kind,
    department: z.string(),
    unit: z.string(),
    fileName: z.string(),
    format: z.string(),
    encoding: z.string().nullable(),
    cutOffDate: z.string().nullable(),
    documentNumber: z.string().nullable(),
    status: z.enum(['current', 'superseded', 'empty']),
    read: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    supersededBy: z.number().int().nullable(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
  })
  .openapi('ImportSummary');

export const ImportList = z.object({ imports: z.array(ImportSummary) }).openapi('ImportList');

export const IdParams = z.object({
  id: z
    .string()
    .regex(/^[0-9]+$/, '编号不正确')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const RejectedQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

export const RejectedRows = z
  .object({
    importId: z.number().int(),
    fileName: z.string(),
    header: z.array(z.string()),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    rows: z.array(
      z.object({
        rowNumber: z.number().int().openapi({ description: '原文件中的行号' }),
        listRow: z.number().int().nullable(),
        reason: z.string(),
        cells: z.array(z.string()),
      }),
    ),
  })
  .openapi('RejectedRows');
