import { HttpResponse } from 'msw';
import type { JsonBodyType } from 'msw';
import { ErrorCode, IF_MATCH_MALFORMED, IF_MATCH_MESSAGES, parseIfMatch, servicePath, versionTag } from '@wb/contracts';
import type { ApiErrorBody } from '@wb/contracts';

/**
 * A mock's gateway base: the `baseUrl` option without a trailing slash, else the service's own address as the gateway
 * routes it (`servicePath` of its descriptor).
 */
export const mockBase = (baseUrl: string | undefined, service: Parameters<typeof servicePath>[0]): string =>
  (baseUrl ?? servicePath(service)).replace(/\/+$/, '');

export function apiError(status: number, code: string, message: string, fields?: Record<string, string>) {
  const body: ApiErrorBody = { error: fields ? { code, message, fields } : { code, message } };
  return HttpResponse.json(body, { status });
}

export const notFound = (message: string) => apiError(404, ErrorCode.NotFound, message);

/** 409 naming the field that collides, so that the form shows it next to the input. */
export const conflict = (field: string, message: string) => apiError(409, ErrorCode.Conflict, message, { [field]: message });

/** 400 for a semantic problem with one field (unknown parent unit, unknown post …): the message is the field's, as the services' `badField`. */
export const invalidField = (field: string, message: string) => apiError(400, ErrorCode.BadRequest, message, { [field]: message });

/** The part of a zod error the 400 body needs (structural, so the mocks do not import zod themselves). */
interface ValidationError {
  issues: ReadonlyArray<{ code: string; path: readonly PropertyKey[]; message: string; keys?: readonly string[] }>;
}

/**
 * 400 in the server's shape: a Chinese message naming the first problem, and one entry per field, keyed as
 * server-kit's `zodIssuesToFields` keys them (the path; `_` for the value as a whole, e.g. a missing body).
 */
export function badRequest(error: ValidationError) {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.');
    const unknownKeys = issue.code === 'unrecognized_keys' ? (issue.keys ?? []).map((key) => (base ? `${base}.${key}` : key)) : [];
    const keys = unknownKeys.length > 0 ? unknownKeys : [base || '_'];
    const message = unknownKeys.length > 0 ? '不支持的字段' : issue.message;
    for (const key of keys) fields[key] ??= message;
  }
  const first = Object.entries(fields)[0];
  const message = first ? `请求参数不正确：${first[0]} ${first[1]}` : '请求参数不正确';
  return apiError(400, ErrorCode.BadRequest, message, fields);
}

/** A contract's request schema as the mocks use it (structural: the mocks do not import zod themselves). */
export interface BodySchema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: ValidationError };
}

/** One path or query parameter checked by its schema: the value, or the 400 naming `field` (return it). */
export function checkParam<T>(field: string, schema: BodySchema<T>, value: unknown): { value: T } | Response {
  const parsed = schema.safeParse(value);
  return parsed.success ? { value: parsed.data } : badRequest({ issues: parsed.error.issues.map((issue) => ({ ...issue, path: [field, ...issue.path] })) });
}

/** The body as JSON, or undefined when it is not JSON (the schema then reports it). */
export async function readJson(request: Request): Promise<unknown> {
  return request.json().catch(() => undefined);
}

/** The query string as the object a route's querystring schema reads. */
export const queryOf = (request: Request): Record<string, string> => Object.fromEntries(new URL(request.url).searchParams);

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

/**
 * The rest of the If-Match rule once the resource is found: 428 when the request named no version, 412 (`stale`)
 * when it names another; null when the write may go ahead.
 */
export function versionRefusal(expected: number | undefined, current: number, stale: string): Response | null {
  if (expected === undefined) return preconditionRequired();
  return expected === current ? null : preconditionFailed(stale);
}

/**
 * 404 → If-Match (400 malformed, 428 absent, 412 stale), the order of the services whose row is looked up first:
 * the resource to write, or the refusal (return it).
 */
export function guardedWrite<T>(request: Request, found: T | undefined, versionOf: (t: T) => number, missing: () => Response, stale: string): T | Response {
  if (found === undefined) return missing();
  const expected = ifMatchOf(request);
  if (expected instanceof Response) return expected;
  return versionRefusal(expected, versionOf(found), stale) ?? found;
}

/** A JSON answer with `version` as its ETag, in the one format If-Match reads back (as server-kit's `withEtag`). */
export function withVersion(body: JsonBodyType, version: number, status = 200) {
  return HttpResponse.json(body, { status, headers: { etag: versionTag(version) } });
}

/** A versioned resource answered with its own version as ETag. */
export const withEtag = <T extends { version: number }>(resource: T, status = 200) => withVersion(resource, resource.version, status);

/**
 * The services' Idempotency-Key rule for a create (docs/quality.md D2), one store per handler set: the same key
 * with the same body → the first create's result again; the same key with another body → 422 (`otherBody`).
 */
export function idempotencyStore<R>(otherBody: string) {
  const seen = new Map<string, { body: string; result: R }>();
  return {
    /** The remembered result of this key and body, the 422, or undefined when the create goes ahead. */
    replay(key: string | null | undefined, body: unknown): R | Response | undefined {
      const first = key ? seen.get(key) : undefined;
      if (!first) return undefined;
      return first.body === JSON.stringify(body) ? first.result : apiError(422, ErrorCode.Unprocessable, otherBody);
    },
    remember(key: string | null | undefined, body: unknown, result: R): void {
      if (key) seen.set(key, { body: JSON.stringify(body), result });
    },
  };
}
