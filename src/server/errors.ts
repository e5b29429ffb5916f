export type ErrorCode =
  | 'validation'
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'locked'
  | 'rate_limited'
  | 'internal';

export const ERROR_STATUS: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 423 | 429 | 500> = {
  validation: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  locked: 423,
  rate_limited: 429,
  internal: 500,
};

export interface FieldError {
  field: string;
  message: string;
}

/** The one error type services throw; app.onError maps it to a status and a JSON body. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { fields?: FieldError[]; current?: unknown } = {},
  ) {
    super(message);
  }
}

export const notFound = (what = '记录') => new AppError('not_found', `${what}不存在或您无权查看`);
export const validationError = (fields: FieldError[]) =>
  new AppError('validation', fields.map((f) => f.message).join('；'), { fields });
