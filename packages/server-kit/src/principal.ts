import type { PostRef, Zone } from '@wb/contracts';

/** The authenticated user of a request, built by the identity plugin from the session (`request.principal`). */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  orgUnitCode: string;
  orgUnitName: string;
  /** Materialized path of the user's org unit, e.g. `/33401/3340101/334010101`. */
  orgUnitPath: string;
  roles: string[];
  /** Posts (岗位) the user holds now, each in an org unit. */
  posts: PostRef[];
  /** The post the user works in this session; its roles count (ARCHITECTURE.md §7). */
  activePost: PostRef | null;
  /** Effective permission keys; `*` (platform administrator) stands for all. */
  permissions: ReadonlySet<string>;
  /** An administrator created or reset the password: only the password change is allowed until done. */
  mustChangePassword?: boolean;
}

/**
 * What a route requires (QUALITY.md S1), declared as `config: { access }` on every route:
 * `'public'` (no session), `'session'` (any signed-in user) or `{ permission }`.
 * A route without a declaration is refused when it is registered.
 */
export type RouteAccess = 'public' | 'session' | { permission: string };

export type AuditResult = 'success' | 'failure' | 'denied' | 'error';

/** One audit record (QUALITY.md S14). Actor, address, zone and channel are taken from the request. */
export interface AuditEntry {
  /** Dotted verb, e.g. `identity.login`, `access.denied`, `registry.publish`. */
  action: string;
  target?: string | null;
  result: AuditResult;
  /** Overrides the request's principal, e.g. the username of a failed login. */
  actor?: string | null;
  /** Never a secret (password, session id, token). */
  detail?: Record<string, unknown>;
}

export type { Zone };
