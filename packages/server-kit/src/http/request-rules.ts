/**
 * One helper per request rule (ADR 0026): who asks (`principalOf`), which version the client saw (`If-Match`),
 * which version it is given (`withEtag`) and whether a write was already done (`Idempotency-Key`, see
 * `../sql/idempotency.ts`). Each rule has one behaviour everywhere; a route chooses only whether a version is required.
 */
import { ErrorCode, IF_MATCH_MALFORMED, IF_MATCH_MESSAGES, parseIfMatch, versionTag } from '@wb/contracts';
import { AppError } from '../errors.ts';
import type { Principal } from '../principal.ts';

/** The signed-in user of a request; 401 when there is none (a route declared 'public' that needs one). */
export function principalOf(request: { principal: Principal | null }): Principal {
  if (!request.principal) throw new AppError(401, ErrorCode.Unauthenticated, '请先登录');
  return request.principal;
}

interface WithHeaders {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The version of `If-Match`, by the one rule in contracts (`parseIfMatch`): absent, empty or `*` → undefined;
 * `"7"`, `W/"7"` or `7` → 7; anything else → 400 `WB_ERR_BAD_REQUEST` on field `if-match`.
 */
export function ifMatchVersion(request: WithHeaders): number | undefined {
  const version = parseIfMatch(request.headers['if-match']);
  if (version === IF_MATCH_MALFORMED) {
    throw new AppError(400, ErrorCode.BadRequest, IF_MATCH_MESSAGES.malformed, { 'if-match': IF_MATCH_MESSAGES.malformedField });
  }
  return version;
}

/** 428 `WB_ERR_PRECONDITION_REQUIRED`: a write that must name the version it saw came without one. */
export function preconditionRequired(): AppError {
  return new AppError(428, ErrorCode.PreconditionRequired, IF_MATCH_MESSAGES.required);
}

/** `If-Match` where a write must not be blind: absent or `*` → 428; malformed → 400. */
export function requireIfMatch(request: WithHeaders): number {
  const version = ifMatchVersion(request);
  if (version === undefined) throw preconditionRequired();
  return version;
}

/**
 * 412 `WB_ERR_PRECONDITION_FAILED` when the client sent a version (`expected`) that is not the current one;
 * nothing when it sent none (the caller decided the version was optional, or already required it).
 */
export function assertVersion(expected: number | undefined, current: number, message = '数据已被他人修改，请刷新后重试'): void {
  if (expected !== undefined && expected !== current) throw new AppError(412, ErrorCode.PreconditionFailed, message);
}

/** What `withEtag` needs of a reply (a `FastifyReply` is one). */
interface TaggableReply {
  header(name: string, value: string): unknown;
  status(code: number): unknown;
}

/**
 * Answers `resource` with its version as ETag (`"7"`, contracts `versionTag`: what `If-Match` sends back) and,
 * when given, the status: a handler ends `return withEtag(reply, account)` or `return withEtag(reply, order, 201)`.
 */
export function withEtag<T extends { version: number }>(reply: TaggableReply, resource: T, status?: number): T {
  reply.header('etag', versionTag(resource.version));
  if (status !== undefined) reply.status(status);
  return resource;
}

/** Longest `Idempotency-Key` accepted; a longer one is refused (400), never cut. */
export const IDEMPOTENCY_KEY_MAX = 128;

/** `Idempotency-Key` (trimmed), or undefined when absent or empty; longer than 128 → 400. */
export function idempotencyKeyOf(request: WithHeaders): string | undefined {
  const header = request.headers['idempotency-key'];
  const key = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!key) return undefined;
  if (key.length > IDEMPOTENCY_KEY_MAX) {
    throw new AppError(400, ErrorCode.BadRequest, 'Idempotency-Key 过长', { 'idempotency-key': `最长 ${IDEMPOTENCY_KEY_MAX} 位` });
  }
  return key;
}
