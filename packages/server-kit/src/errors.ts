import { z } from 'zod';
import { ErrorCode } from '@wb/contracts';

/**
 * The one server error type (docs/architecture.md §12 habit 7): the error handler renders it as
 * `{ error: { code, message, fields? } }` with `statusCode`. `message` is Chinese and shown to users.
 */
export class AppError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly fields: Record<string, string> | undefined;
  /** Extra response headers, e.g. Retry-After on 429. */
  readonly headers: Record<string, string> | undefined;

  constructor(
    statusCode: number,
    code: string,
    message: string,
    fields?: Record<string, string>,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.statusCode = statusCode;
    this.code = code;
    this.fields = fields;
    this.headers = options?.headers;
  }
}

const UNKNOWN_FIELD = '不允许的字段';

/** zod issues → `{ 'a.b': message }`, first message per path; unknown keys get one entry each. */
export function zodIssuesToFields(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[base ? `${base}.${key}` : key] ??= UNKNOWN_FIELD;
    } else {
      fields[base || '_'] ??= issue.message;
    }
  }
  return fields;
}

/** A 400 `WB_ERR_BAD_REQUEST` built from zod issues; the message names the first problem. */
export function badRequestFromIssues(issues: readonly z.core.$ZodIssue[]): AppError {
  const fields = zodIssuesToFields(issues);
  const [first] = Object.entries(fields);
  const detail = first ? (first[0] === '_' ? first[1] : `${first[0]}：${first[1]}`) : '';
  return new AppError(400, ErrorCode.BadRequest, detail ? `请求参数不正确（${detail}）` : '请求参数不正确', fields);
}

/**
 * Validates `value` with `schema`; throws AppError 400 with per-field Chinese messages on failure.
 * zod's built-in messages are localized per call (not by `z.config`, which would change zod for the process).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value, { error: z.locales.zhCN().localeError });
  if (!result.success) throw badRequestFromIssues(result.error.issues);
  return result.data;
}

/**
 * SQLSTATE class 22, data exception (`22P02` invalid text representation, `22003` out of range, `22021` bad
 * encoding, `22P05` unsupported Unicode escape, ...): the database refused a value the request carried. The
 * contracts should have refused it first (ADR 0019); if one slips through, it is the client's 400, never a
 * 500, and PostgreSQL's own words stay in the log.
 */
export function isDataException(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/** The 400 a data exception becomes; the database error is its cause (logged, never sent). */
export function dataExceptionError(cause: unknown): AppError {
  return new AppError(400, ErrorCode.BadRequest, '请求数据不符合要求（格式不正确或超出取值范围）', undefined, { cause });
}
