import { z } from '@hono/zod-openapi';
import { ROLE_CODES, SCOPE_LEVEL_CODES } from '../../../domain/index.ts';

export const UserListQuery = z.object({
  q: z
    .string()
    .trim()
    .max(64, '搜索内容不能超过 64 个字')
    .optional()
    .openapi({ description: '用户名、姓名或手机号' }),
  role: z.enum(ROLE_CODES, { error: '角色不正确' }).optional(),
  page: z.coerce.number().int().min(1, '页码至少为 1').max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '每页最多 100 条').default(20),
});

export const UserRoleView = z
  .object({
    role: z.enum(ROLE_CODES),
    level: z.enum(SCOPE_LEVEL_CODES),
    scopeName: z.string(),
  })
  .openapi('UserRole');

export const UserView = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    phone: z.string().nullable(),
    disabled: z.boolean(),
    locked: z.boolean(),
    mustChangePassword: z.boolean(),
    roles: z.array(UserRoleView),
  })
  .openapi('User');

export const UserList = z.object({ total: z.number().int(), items: z.array(UserView) }).openapi('UserList');

export const UserCreateBody = z
  .object({
    username: z
      .string({ error: '请填写用户名' })
      .trim()
      .min(1, '请填写用户名')
      .max(64, '用户名须为 3–64 位小写字母、数字或 _ . -'),
    displayName: z
      .string({ error: '请填写姓名' })
      .trim()
      .min(1, '请填写姓名')
      .max(40, '姓名不能超过 40 个字'),
    phone: z
      .string()
      .trim()
      .regex(/^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/, '电话号码格式不正确')
      .optional()
      .nullable(),
    role: z.enum(ROLE_CODES, { error: '请选择角色' }),
    scope: z
      .string()
      .trim()
      .max(12, '范围应为 12 位行政区划代码、10 位学校标识码或班级编号')
      .optional()
      .openapi({
        description:
          '12 位行政区划代码（教体局、乡镇、专家委员会、审计员）、10 位学校标识码（校长、副校长）或班级编号（班主任）；全国或结对范围留空',
      }),
  })
  .openapi('UserCreate');

export const UserCreated = z
  .object({ userId: z.number().int(), username: z.string(), temporaryPassword: z.string() })
  .openapi('UserCreated');

export const PasswordReset = z
  .object({ username: z.string(), temporaryPassword: z.string() })
  .openapi('PasswordReset');

export const UserDisabled = z
  .object({ username: z.string(), disabled: z.literal(true) })
  .openapi('UserDisabled');

export type UserListQueryInput = z.infer<typeof UserListQuery>;
