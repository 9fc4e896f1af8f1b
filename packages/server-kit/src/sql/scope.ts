/**
 * The data-scope path test (ADR 0026), one rule in JavaScript and in SQL (`SqlConditions.scope`): a row's
 * materialized org path (e.g. `/33401/3340101/334010101`) is in scope when it equals a granted path or lies
 * below one of the subtree grants. `/a/b` is under `/a`, never under `/a/bc`.
 */
import type { DataScope } from '../principal.ts';

/** The org paths a data scope grants: `orgPaths` cover their subtree, `exactOrgPaths` only themselves. */
export interface OrgPathScope {
  readonly orgPaths: readonly string[];
  readonly exactOrgPaths: readonly string[];
  /** Rows granted by their key whatever their path (data scope ASSIGNED: rows of the user's tasks, ADR 0073). */
  readonly keys?: readonly string[] | undefined;
}

/**
 * The org-path part of a principal's data scope as `app.accessScope` answers it (`undefined`: no restriction);
 * `keys` are the rows of the user's tasks under the rule ASSIGNED (ADR 0073). No rule → empty → nothing.
 */
export function orgPathScopeOf(scope: DataScope): OrgPathScope | undefined {
  if (scope.all) return undefined;
  return { orgPaths: scope.orgPaths, exactOrgPaths: scope.exactOrgPaths, keys: scope.keys };
}

/** A path without trailing slashes (`/a/b/` → `/a/b`). */
export function orgPathBase(path: string): string {
  return path.replace(/\/+$/, '');
}

/** True when `orgPath` equals `base` or lies below it. */
export function isOrgPathUnder(orgPath: string, base: string): boolean {
  const root = orgPathBase(base);
  return orgPath === root || orgPath.startsWith(`${root}/`);
}

/** True when `orgPath` (of the row keyed `key`) is in `scope`; `undefined` scope means no restriction. */
export function orgPathInScope(orgPath: string, scope: OrgPathScope | undefined, key?: string): boolean {
  if (!scope) return true;
  if (key !== undefined && scope.keys?.includes(key)) return true;
  if (scope.exactOrgPaths.some((p) => orgPathBase(p) === orgPath)) return true;
  return scope.orgPaths.some((p) => isOrgPathUnder(orgPath, p));
}
