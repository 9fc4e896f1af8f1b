import { HttpResponse } from 'msw';
import { ErrorCode, IF_MATCH_MALFORMED, IF_MATCH_MESSAGES, parseIfMatch } from '@wb/contracts';
import type { ApiErrorBody } from '@wb/contracts';

export function apiError(status: number, code: string, message: string, fields?: Record<string, string>) {
  const body: ApiErrorBody = { error: fields ? { code, message, fields } : { code, message } };
  return HttpResponse.json(body, { status });
}

export const notFound = (message: string) => apiError(404, ErrorCode.NotFound, message);

/** 409 naming the field that collides, so that the form shows it next to the input. */
export const conflict = (field: string, message: string) => apiError(409, ErrorCode.Conflict, message, { [field]: message });

/** 400 for a semantic problem with one field (unknown parent unit, unknown post …). */
export const invalidField = (field: string, message: string) =>
  apiError(400, ErrorCode.BadRequest, `请求参数不正确：${field} ${message}`, { [field]: message });

/** The part of a zod error the 400 body needs (structural, so the mocks do not import zod themselves). */
interface ValidationError {
  issues: ReadonlyArray<{ code: string; path: readonly PropertyKey[]; message: string; keys?: readonly string[] }>;
}

/** 400 in the server's shape: a Chinese message naming the first problem, and one entry per field. */
export function badRequest(error: ValidationError) {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const unknownKeys = issue.code === 'unrecognized_keys' ? (issue.keys ?? []) : [];
    const keys = unknownKeys.length > 0 ? unknownKeys : [issue.path.map(String).join('.') || 'body'];
    const message = unknownKeys.length > 0 ? '不支持的字段' : issue.message;
    for (const key of keys) fields[key] ??= message;
  }
  const first = Object.entries(fields)[0];
  const message = first ? `请求参数不正确：${first[0]} ${first[1]}` : '请求参数不正确';
  return apiError(400, ErrorCode.BadRequest, message, fields);
}

/** The body as JSON, or undefined when it is not JSON (the schema then reports it). */
export async function readJson(request: Request): Promise<unknown> {
  return request.json().catch(() => undefined);
}

export function paginate<T>(items: readonly T[], page: number, pageSize: number) {
  return { items: items.slice((page - 1) * pageSize, page * pageSize), page, pageSize, total: items.length };
}

/**
 * `If-Match` by the servers' one rule (contracts `parseIfMatch`, ADR 0026): the version it names, `undefined`
 * when absent or `*`, or the 400 answer when malformed (return it).
 */
export function ifMatchOf(request: Request): number | undefined | Response {
  const version = parseIfMatch(request.headers.get('if-match'));
  if (version !== IF_MATCH_MALFORMED) return version;
  return apiError(400, ErrorCode.BadRequest, IF_MATCH_MESSAGES.malformed, { 'if-match': IF_MATCH_MESSAGES.malformedField });
}

/** 428 as the servers answer a write that must name its version and did not. */
export const preconditionRequired = () => apiError(428, ErrorCode.PreconditionRequired, IF_MATCH_MESSAGES.required);

/** 412 as the servers answer a stale version. */
export const preconditionFailed = (message: string) => apiError(412, ErrorCode.PreconditionFailed, message);
