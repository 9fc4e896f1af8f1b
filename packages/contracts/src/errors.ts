import { z } from 'zod';

/**
 * One error vocabulary for browser and server (docs/architecture.md §12 habit 7).
 * Codes are stable: tests and clients assert them, never the message text.
 */
export const ErrorCode = {
  BadRequest: 'WB_ERR_BAD_REQUEST',
  Unauthenticated: 'WB_ERR_UNAUTHENTICATED',
  InvalidCredentials: 'WB_ERR_INVALID_CREDENTIALS',
  NotAllowed: 'WB_ERR_NOT_ALLOWED',
  /** The account must change its password before anything else (admin-created or reset). */
  PasswordChangeRequired: 'WB_ERR_PASSWORD_CHANGE_REQUIRED',
  NotFound: 'WB_ERR_NOT_FOUND',
  Conflict: 'WB_ERR_CONFLICT',
  /**
   * 409: the workflow task or process is bound to a domain (ADR 0021): act on it through the domain's command,
   * which the message names (e.g. 业扩报装's `…/survey:complete`), not through the generic workflow API.
   */
  DomainBound: 'WB_ERR_DOMAIN_BOUND',
  /** A stale `If-Match` version (docs/quality.md D5). */
  PreconditionFailed: 'WB_ERR_PRECONDITION_FAILED',
  /** 428: a write that must name the version it saw came without `If-Match` (ADR 0026). */
  PreconditionRequired: 'WB_ERR_PRECONDITION_REQUIRED',
  /**
   * 422: the request is well-formed but cannot be processed as sent — an `Idempotency-Key` reused with a
   * different body (docs/quality.md D2). Retrying the same request does not help; send a new key.
   */
  Unprocessable: 'WB_ERR_UNPROCESSABLE',
  PayloadTooLarge: 'WB_ERR_PAYLOAD_TOO_LARGE',
  TooManyRequests: 'WB_ERR_TOO_MANY_REQUESTS',
  ServiceUnavailable: 'WB_ERR_SERVICE_UNAVAILABLE',
  Internal: 'WB_ERR_INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    /** Human-readable, in Chinese: it may be shown to the user as is. */
    message: z.string(),
    /** Per-field problems for 400s: path → message. */
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** Thrown by HTTP clients (SDK) when the server answers with a non-2xx status. */
export class ResponseError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string> | undefined;

  constructor(status: number, body: ApiErrorBody['error']) {
    super(body.message);
    this.name = 'ResponseError';
    this.status = status;
    this.code = body.code;
    this.fields = body.fields;
  }
}

/**
 * Numbered shell error codes for micro-app failures, reported to the server and shown to the user
 * (after single-spa's numbered errors). Keep numbers stable once released.
 */
export const ShellErrorCode = {
  LoadFailed: 'WB_SHELL_001',
  LoadTimeout: 'WB_SHELL_002',
  BootstrapOrMountFailed: 'WB_SHELL_003',
  RenderFailed: 'WB_SHELL_004',
  UnmountFailed: 'WB_SHELL_005',
} as const;
export type ShellErrorCode = (typeof ShellErrorCode)[keyof typeof ShellErrorCode];
