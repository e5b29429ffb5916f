import { z } from '@hono/zod-openapi';
import { ROLE_CODES, SCOPE_LEVEL_CODES } from '../../domain/index.ts';

export const SignInBody = z
  .object({
    username: z.string().trim().min(1, '请输入用户名').max(64),
    password: z.string().min(1, '请输入密码').max(256),
  })
  .openapi('SignIn');

export const GrantView = z.object({
  role: z.enum(ROLE_CODES),
  level: z.enum(SCOPE_LEVEL_CODES),
  regionCode: z.string().optional(),
  schoolId: z.number().int().optional(),
  classId: z.number().int().optional(),
  scopeName: z.string(),
});

export const Me = z
  .object({
    userId: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    mustChangePassword: z.boolean(),
    csrfToken: z.string(),
    grants: z.array(GrantView),
  })
  .openapi('Me');

export const ChangePasswordBody = z
  .object({
    currentPassword: z.string().min(1, '请输入当前密码').max(256),
    newPassword: z.string().min(1, '请输入新密码').max(256),
  })
  .openapi('ChangePassword');

export type MeView = z.infer<typeof Me>;
