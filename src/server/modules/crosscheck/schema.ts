import { z } from '@hono/zod-openapi';
import { LINK_REASON_LABELS } from '../../../domain/linkage/index.ts';
import { FINDING_CODES, VERIFICATION_OUTCOMES } from './findingRules.ts';

const CountyCode = z.string().regex(/^[0-9]{6}$/, '区县代码应为 6 位数字');
const RegionCode = z.string().regex(/^[0-9]{12}$/, '行政区划代码应为 12 位数字');
const Page = z.coerce.number().int().min(1).default(1);
const PageSize = z.coerce.number().int().min(1).max(200).default(50);

export const RunBody = z
  .object({ countyCode: CountyCode, asOf: z.iso.date({ error: '日期格式应为 YYYY-MM-DD' }).optional() })
  .openapi('CrosscheckRunRequest');

const Counts = z.record(z.string(), z.number().int());

export const RunSummary = z
  .object({
    runId: z.number().int(),
    countyCode: z.string(),
    asOf: z.string(),
    counts: Counts.openapi({ description: '各类发现的数量，另有 links（关联数）、review（待复核数）' }),
    elapsedMs: z.number().int(),
  })
  .openapi('CrosscheckRunSummary');

export const CountyQuery = z.object({ countyCode: CountyCode });

export const RunList = z
  .object({
    items: z.array(
      z.object({
        runId: z.number().int(),
        asOf: z.string(),
        counts: Counts,
        elapsedMs: z.number().int().nullable(),
        createdAt: z.string(),
        createdByName: z.string().nullable(),
      }),
    ),
  })
  .openapi('CrosscheckRunList');

export const ReviewQuery = z.object({ countyCode: CountyCode, page: Page, pageSize: PageSize });

const ReasonView = z.object({
  code: z.enum(Object.keys(LINK_REASON_LABELS) as [keyof typeof LINK_REASON_LABELS]),
  label: z.string(),
});

const PersonFields = z.object({
  name: z.string().nullable(),
  sex: z.enum(['1', '2']).nullable(),
  birthDate: z.string().nullable(),
  idNumber: z.string().nullable().openapi({ description: '脱敏：保留地区码与末 4 位' }),
});

export const ReviewItem = z.object({
  runId: z.number().int(),
  importId: z.number().int(),
  listRow: z.number().int(),
  kind: z.string(),
  score: z.number(),
  reasons: z.array(ReasonView),
  differing: z.array(z.enum(['name', 'sex', 'birthDate', 'idNumber'])),
  listRecord: PersonFields.extend({ address: z.string().nullable(), townshipCode: z.string().nullable() }),
  child: PersonFields.extend({
    childId: z.number().int(),
    countyCode: z.string(),
    studentNumber: z.string().nullable(),
    schoolName: z.string().nullable(),
    grade: z.number().int().nullable(),
  }),
});

export const ReviewPage = z
  .object({ runId: z.number().int().nullable(), total: z.number().int(), items: z.array(ReviewItem) })
  .openapi('CrosscheckReviewPage');

export const ReviewDecisionBody = z
  .object({
    countyCode: CountyCode,
    runId: z.number().int(),
    importId: z.number().int(),
    listRow: z.number().int(),
    childId: z.number().int(),
    decision: z.enum(['confirm', 'reject', 'skip'], { error: '请选择确认、否决或跳过' }),
  })
  .openapi('CrosscheckReviewDecision');

export const ReviewDecisionResult = z
  .object({
    decision: z.enum(['confirm', 'reject', 'skip']),
    stored: z.boolean(),
    remaining: z.number().int(),
  })
  .openapi('CrosscheckReviewDecisionResult');

export const FindingsQuery = z.object({
  countyCode: CountyCode,
  code: z.enum(FINDING_CODES).optional(),
  township: RegionCode.optional(),
  page: Page,
  pageSize: PageSize,
});

export const FindingView = z.object({
  id: z.number().int(),
  code: z.enum(FINDING_CODES),
  label: z.string(),
  kind: z.string().nullable(),
  listRow: z.number().int().nullable(),
  name: z.string().nullable(),
  sex: z.enum(['1', '2']).nullable(),
  birthDate: z.string().nullable(),
  idNumber: z.string().nullable().openapi({ description: '脱敏' }),
  childId: z.number().int().nullable(),
  schoolId: z.number().int().nullable(),
  schoolName: z.string().nullable(),
  townshipCode: z.string().nullable(),
  townshipName: z.string().nullable(),
  villageCode: z.string().nullable(),
  subjectKey: z.string().openapi({ description: '核查结果按此键登记（身份证号，或姓名|出生日期）' }),
  detail: z.string().nullable(),
  verification: z.enum(VERIFICATION_OUTCOMES).nullable(),
});

export const FindingPage = z
  .object({ runId: z.number().int().nullable(), total: z.number().int(), items: z.array(FindingView) })
  .openapi('CrosscheckFindingPage');

export const FindingSummary = z
  .object({
    runId: z.number().int().nullable(),
    asOf: z.string().nullable(),
    rows: z.array(
      z.object({
        code: z.enum(FINDING_CODES),
        label: z.string(),
        townshipCode: z.string().nullable(),
        townshipName: z.string().nullable(),
        total: z.number().int(),
        unverified: z.number().int(),
        verified: z.record(z.string(), z.number().int()),
      }),
    ),
  })
  .openapi('CrosscheckFindingSummary');

export const VerificationBody = z
  .object({
    countyCode: CountyCode,
    subjectKey: z.string().trim().min(1, '请指定核查对象').max(100).optional(),
    findingId: z
      .number()
      .int()
      .optional()
      .openapi({ description: '代替 subjectKey：按发现编号指定核查对象' }),
    outcome: z.enum(VERIFICATION_OUTCOMES, { error: '请选择核查结果' }),
    schoolName: z.string().trim().max(100, '学校名称不能超过 100 字').optional(),
    proof: z.string().trim().max(200, '证明不能超过 200 字').optional(),
    note: z.string().trim().max(500, '备注不能超过 500 字').optional(),
  })
  .refine((v) => v.subjectKey !== undefined || v.findingId !== undefined, {
    message: '请指定核查对象（subjectKey 或 findingId）',
    path: ['subjectKey'],
  })
  .openapi('CrosscheckVerification');
export type VerificationInput = z.infer<typeof VerificationBody>;

export const VerificationResult = z
  .object({ verificationId: z.number().int(), returnCaseId: z.number().int().nullable() })
  .openapi('CrosscheckVerificationResult');

export const RunParams = z.object({
  runId: z
    .string()
    .regex(/^[0-9]+$/, '编号不正确')
    .openapi({ param: { name: 'runId', in: 'path' } }),
});

export const CheckSheetQuery = z.object({ township: RegionCode, village: RegionCode.optional() });

export const ChildParams = z.object({
  id: z
    .string()
    .regex(/^[0-9]+$/, '编号不正确')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const Household = z
  .object({
    items: z.array(
      z.object({
        countyCode: z.string(),
        runId: z.number().int(),
        asOf: z.string(),
        kind: z.string(),
        importId: z.number().int(),
        listRow: z.number().int(),
        score: z.number(),
        decision: z.enum(['auto', 'review', 'confirmed']),
        name: z.string().nullable(),
        sex: z.enum(['1', '2']).nullable(),
        birthDate: z.string().nullable(),
        idNumber: z.string().nullable(),
        address: z.string().nullable(),
        hukouStatus: z.string().nullable(),
        groupCode: z.string().nullable(),
        issuingUnit: z.string(),
      }),
    ),
  })
  .openapi('ChildHousehold');

export const VerificationImportForm = z.object({
  file: z.instanceof(File, { error: '请选择要上传的文件' }).openapi({
    type: 'string',
    format: 'binary',
    description: '.xlsx / .csv：身份证号、姓名、核查结果、就读学校、证明、备注',
  }),
  countyCode: CountyCode,
});

export const VerificationImportResult = z
  .object({
    read: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    rejectedRows: z.array(
      z.object({ rowNumber: z.number().int(), listRow: z.number().int(), reason: z.string() }),
    ),
  })
  .openapi('CrosscheckVerificationImportResult');
