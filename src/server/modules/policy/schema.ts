import { z } from '@hono/zod-openapi';
import { CountyPolicySchema } from '../../../domain/index.ts';

export const CountyParams = z.object({
  code: z
    .string()
    .regex(/^[0-9]{6}$/, '区县代码应为 6 位数字')
    .openapi({ param: { name: 'code', in: 'path' } }),
});

const PolicyDocument = CountyPolicySchema;

export const PolicyVersionView = z
  .object({
    version: z.number().int(),
    effectiveFrom: z.string(),
    reason: z.string().nullable(),
    createdAt: z.string(),
    createdByName: z.string().nullable(),
    state: z.enum(['current', 'scheduled', 'past']),
    policy: PolicyDocument,
  })
  .openapi('CountyPolicyVersion');

export const PolicyOverview = z
  .object({
    countyCode: z.string(),
    today: z.string(),
    current: z.number().int(),
    versions: z.array(PolicyVersionView),
  })
  .openapi('CountyPolicyOverview');

export const PolicySaveBody = z
  .object({
    // Validated by the service so every field's message carries its path in the document.
    policy: z.unknown().openapi({ type: 'object' }),
    effectiveFrom: z.iso.date({ error: '请选择生效日期' }),
    reason: z.string().trim().max(200, '说明不能超过 200 字').optional().nullable(),
  })
  .openapi('CountyPolicySave');

export const PolicySaved = z
  .object({
    version: z.number().int(),
    changes: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
  })
  .openapi('CountyPolicySaved');
