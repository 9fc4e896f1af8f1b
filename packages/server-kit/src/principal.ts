import type { PostRef, SessionUser, Zone } from '@wb/contracts';
import type { Queryable } from './db/types.ts';

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
  /** The post the user works in this session; its roles count (docs/architecture.md §7). */
  activePost: PostRef | null;
  /** Effective permission keys; `*` (platform administrator) stands for all. */
  permissions: ReadonlySet<string>;
  /** An administrator created or reset the password: only the password change is allowed until done. */
  mustChangePassword?: boolean;
  /**
   * The rows of `resourceType` (cons, ticket, yk_app, rcvbl, …) this user may see, from the data-scope rules
   * of the user's roles. Absent (a hand-built principal): treat as no rows. Prefer `app.accessScope`.
   */
  scope?: (resourceType: string) => DataScope;
}

/**
 * A data-scope descriptor (docs/architecture.md §7) that a service applies in its own queries.
 * `{ all: true }`: no restriction. Otherwise a row is visible when ANY of these matches (an empty
 * descriptor matches nothing — deny by default):
 * - `orgPaths`: the row's org path equals one of these or lies below it (ORG_AND_CHILD, CUSTOM_ORGS);
 * - `exactOrgPaths`: the row's org path equals one of these (ORG);
 * - `selfUserId`: the row belongs to / was created by this user (SELF);
 * - `tgIds`: the row's 台区 is one of these (MY_TG);
 * - `assigned`: the rule ASSIGNED (ADR 0073) — rows whose workflow instance has or had a task assigned to the user
 *   or offered to them as a candidate; `keys` holds those rows' business keys, looked up for the request (by the
 *   identity plugin, through the workflow's port) so that a task assigned a moment ago counts at once.
 */
export type DataScope =
  | { all: true }
  | { all: false; orgPaths: string[]; exactOrgPaths: string[]; selfUserId?: string; tgIds?: string[]; assigned?: true; keys?: string[] };

/**
 * Where the rule ASSIGNED finds its rows (ADR 0073): the business keys, per resource type, of the workflow
 * instances whose tasks are or were assigned to `principal` or offered to them. Provided by the workflow module.
 */
export type AssignedRowsProvider = (q: Queryable, principal: Principal, resourceTypes: readonly string[]) => Promise<Map<string, string[]>>;

/** Write-side hooks of the access model, decorated as `app.accessControl` by the identity plugin. */
export interface AccessControl {
  /**
   * Runs `fn` in one transaction that also bumps the global grant version; after commit every cached
   * principal (on this instance and, through Redis, on the others) is reloaded on its next request (S6).
   * Use it for every write that can change anyone's access: grants, posts, roles, user status, sessions.
   */
  changeGrants<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Drops the cached principal of one session at once, everywhere (logout). */
  forgetSession(sessionIdHash: string): Promise<void>;
  /** Registers the lookup of the rule ASSIGNED (the workflow module does, ADR 0073); none: ASSIGNED grants no row. */
  provideAssignedRows(provider: AssignedRowsProvider): void;
}

/**
 * What a route requires (docs/quality.md S1), declared as `config: { access }` on every route:
 * `'public'` (no session), `'session'` (any signed-in user), `{ permission }`, or `'customer'`: a live session of the
 * customer realm (掌上电力, ADR 0045), which the customer-portal service checks itself; staff sessions count for nothing there.
 * A route without a declaration is refused when it is registered.
 */
export type RouteAccess = 'public' | 'session' | 'customer' | { permission: string };

/** The `config` of a route that requires one permission: `{ config: requires(DF_BILL_VIEW), schema }`. */
export function requires(permission: string): { access: { permission: string } } {
  return { access: { permission } };
}

export type AuditResult = 'success' | 'failure' | 'denied' | 'error';

/** One audit record (docs/quality.md S14). Actor, address, zone and channel are taken from the request. */
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

/** What the browser may know of a principal (contracts `SessionUser`): the same shape for `/me` and the feed. */
export function toSessionUser(p: Principal): SessionUser {
  return {
    id: p.userId,
    username: p.username,
    displayName: p.displayName,
    orgUnitCode: p.orgUnitCode,
    orgUnitName: p.orgUnitName,
    roles: [...p.roles],
    posts: [...p.posts],
    activePost: p.activePost,
    permissions: [...p.permissions].sort(),
    mustChangePassword: p.mustChangePassword ?? false,
  };
}
