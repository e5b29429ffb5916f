import { z } from '@hono/zod-openapi';
import {
  BOARDING_CODES,
  GUARDIAN_RELATION_CODES,
  ID_DOCUMENT_TYPE_CODES,
  SOURCE_DEPARTMENT_CODES,
  SPECIAL_GROUP_CODES,
} from '../../../domain/index.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const region12 = z.string().regex(/^[0-9]{12}$/, '行政区划代码应为 12 位数字');
const phone = z
  .string()
  .trim()
  .regex(/^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/, '电话号码格式不正确');
const optionalText = (max: number) =>
  z.string().trim().max(max, `不能超过 ${max} 个字`).optional().nullable();

export const ChildListQuery = z.object({
  q: z
    .string()
    .trim()
    .max(40)
    .optional()
    .openapi({ description: '姓名、拼音首字母（zs 找张三）、学籍号或身份证号后 4 位' }),
  schoolId: z.coerce.number().int().positive().optional(),
  classId: z.coerce.number().int().positive().optional(),
  grade: z.coerce.number().int().min(1).max(9).optional(),
  group: z.enum(SPECIAL_GROUP_CODES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const ChildSummary = z
  .object({
    id: z.number().int(),
    name: z.string(),
    sex: z.enum(['male', 'female']),
    birthDate: z.string(),
    idType: z.string(),
    idNumberMasked: z.string().nullable(),
    studentNumber: z.string().nullable(),
    schoolId: z.number().int().nullable(),
    schoolName: z.string().nullable(),
    classId: z.number().int().nullable(),
    className: z.string().nullable(),
    grade: z.number().int().nullable(),
    groups: z.array(z.enum(SPECIAL_GROUP_CODES)),
  })
  .openapi('ChildSummary');

export const ChildList = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    items: z.array(ChildSummary),
  })
  .openapi('ChildList');

export const GuardianView = z
  .object({
    id: z.number().int(),
    name: z.string(),
    relation: z.enum(GUARDIAN_RELATION_CODES),
    phone: z.string().nullable(),
    idNumberMasked: z.string().nullable(),
    isGuardian: z.boolean(),
    workingAway: z.boolean(),
    workPlace: z.string().nullable(),
    endedAt: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('Guardian');

export const GroupMembershipView = z
  .object({
    id: z.number().int(),
    group: z.enum(SPECIAL_GROUP_CODES),
    sourceDepartment: z.enum(SOURCE_DEPARTMENT_CODES),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    documentNumber: z.string().nullable(),
    endedAt: z.string().nullable(),
    endReason: z.string().nullable(),
  })
  .openapi('GroupMembership');

export const EnrollmentView = z
  .object({
    id: z.number().int(),
    schoolYear: z.number().int(),
    schoolId: z.number().int(),
    schoolName: z.string(),
    classId: z.number().int().nullable(),
    className: z.string().nullable(),
    grade: z.number().int(),
    startedOn: z.string(),
    endedOn: z.string().nullable(),
    endReason: z.string().nullable(),
  })
  .openapi('Enrollment');

export const ChildDetail = ChildSummary.extend({
  countyCode: z.string(),
  ethnicity: z.string().nullable(),
  hukouRegionCode: z.string().nullable(),
  hukouRegionName: z.string().nullable(),
  hukouAddress: z.string().nullable(),
  hukouNature: z.string().nullable(),
  residenceAddress: z.string().nullable(),
  boarding: z.enum(BOARDING_CODES).nullable(),
  healthStatus: z.string().nullable(),
  mayRevealId: z.boolean(),
  mayEdit: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
  guardians: z.array(GuardianView),
  groupMemberships: z.array(GroupMembershipView),
  enrollments: z.array(EnrollmentView),
}).openapi('ChildDetail');

const childFields = {
  name: z.string().trim().min(1, '请填写姓名').max(40, '姓名过长'),
  sex: z.enum(['male', 'female'], { error: '请选择性别' }),
  birthDate: isoDate,
  ethnicity: optionalText(2),
  hukouRegionCode: region12.optional().nullable(),
  hukouAddress: optionalText(200),
  hukouNature: optionalText(2),
  residenceAddress: optionalText(200),
  boarding: z.enum(BOARDING_CODES).optional().nullable(),
  healthStatus: optionalText(2),
};

export const ChildCreateBody = z
  .object({
    idType: z.enum(ID_DOCUMENT_TYPE_CODES).default('1'),
    idNumber: z.string().trim().max(40).optional().nullable(),
    studentNumber: z.string().trim().max(40).optional().nullable(),
    classId: z.number().int().positive({ error: '请选择班级' }),
    startedOn: isoDate.optional(),
    ...childFields,
    birthDate: isoDate.optional(),
    sex: childFields.sex.optional(),
  })
  .openapi('ChildCreate');

export const ChildUpdateBody = z
  .object(childFields)
  .partial()
  .extend({
    version: z.number().int().positive(),
    idType: z.enum(ID_DOCUMENT_TYPE_CODES).optional(),
    idNumber: z.string().trim().max(40).optional().nullable(),
    studentNumber: z.string().trim().max(40).optional().nullable(),
  })
  .openapi('ChildUpdate');

export const RevealIdBody = z
  .object({ reason: z.string().trim().min(4, '请说明查看完整证件号的事由（至少 4 个字）').max(200) })
  .openapi('RevealId');
export const RevealIdResult = z
  .object({ idNumber: z.string().nullable(), studentNumber: z.string().nullable() })
  .openapi('RevealIdResult');

export const GuardianBody = z
  .object({
    name: z.string().trim().min(1, '请填写姓名').max(40),
    relation: z.enum(GUARDIAN_RELATION_CODES, { error: '请选择与儿童关系' }),
    phone: phone.optional().nullable(),
    idNumber: z.string().trim().max(40).optional().nullable(),
    isGuardian: z.boolean().default(true),
    workingAway: z.boolean().default(false),
    workPlace: optionalText(100),
  })
  .openapi('GuardianInput');
export const GuardianUpdateBody = GuardianBody.partial()
  .extend({ version: z.number().int().positive() })
  .openapi('GuardianUpdate');

export const GroupMembershipBody = z
  .object({
    group: z.enum(SPECIAL_GROUP_CODES, { error: '请选择特殊群体类别' }),
    sourceDepartment: z.enum(SOURCE_DEPARTMENT_CODES, { error: '请选择来源部门' }),
    documentNumber: optionalText(60),
    validFrom: isoDate,
    validTo: isoDate.optional().nullable(),
    details: z
      .object({
        disabilityCategory: z.string().max(2).optional(),
        disabilityLevel: z.string().max(2).optional(),
        note: z.string().max(200).optional(),
      })
      .default({}),
  })
  .openapi('GroupMembershipInput');

export const EndBody = z
  .object({ reason: z.string().trim().min(2, '请填写结束原因').max(200) })
  .openapi('EndRecord');

export const EnrollmentBody = z
  .object({
    classId: z.number().int().positive({ error: '请选择班级' }),
    startedOn: isoDate,
    reason: z.string().trim().min(2, '请填写调班原因').max(200),
  })
  .openapi('EnrollmentInput');

export type ChildListQueryInput = z.infer<typeof ChildListQuery>;
export type ChildCreateInput = z.infer<typeof ChildCreateBody>;
export type ChildUpdateInput = z.infer<typeof ChildUpdateBody>;
export type GuardianInput = z.infer<typeof GuardianBody>;
export type GuardianUpdateInput = z.infer<typeof GuardianUpdateBody>;
export type GroupMembershipInput = z.infer<typeof GroupMembershipBody>;
export type EnrollmentInput = z.infer<typeof EnrollmentBody>;
export type ChildDetailView = z.infer<typeof ChildDetail>;
