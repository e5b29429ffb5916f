import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { AppError, ERROR_STATUS, type FieldError } from '../errors.ts';
import { logger } from '../logger.ts';

export function fieldErrorsOf(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '_', message: issue.message }));
}

/** One place turns every failure into `{ error: { code, message, fields?, current? } }`; only 5xx are logged. */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof AppError) {
    return c.json(
      { error: { code: error.code, message: error.message, ...error.details } },
      ERROR_STATUS[error.code],
    );
  }
  if (error instanceof ZodError) {
    const fields = fieldErrorsOf(error);
    return c.json(
      { error: { code: 'validation', message: fields.map((f) => f.message).join('；'), fields } },
      400,
    );
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = status === 413 ? 'payload_too_large' : status < 500 ? 'bad_request' : 'internal';
    const message =
      status === 413
        ? '请求内容过大'
        : /json/i.test(error.message)
          ? '请求内容不是有效的 JSON'
          : error.message || '请求无效';
    return c.json({ error: { code, message } }, status);
  }
  logger.error({ err: { message: error.message, stack: error.stack }, path: c.req.path }, 'unhandled error');
  return c.json({ error: { code: 'internal', message: '服务器内部错误，请稍后再试' } }, 500);
}
