/**
 * Data scope of applications (resource type `yk_apply`) on their org path, applied inside every query so
 * that an application out of scope is indistinguishable from a missing one (404).
 */
import type { FastifyRequest } from 'fastify';
import { YK_RESOURCE_TYPE } from '@wb/contracts/connection';

/** `undefined`: no restriction. `orgPaths` cover their subtree; `exactOrgPaths` only themselves. */
export interface ApplicationScope {
  orgPaths: readonly string[];
  exactOrgPaths: readonly string[];
}

export type ApplicationScopeResolver = (request: FastifyRequest) => ApplicationScope | undefined;

/** The principal's `yk_apply` scope from the access model. No rule → empty → nothing. */
export function applicationScopeFromAccess(request: FastifyRequest): ApplicationScope | undefined {
  const scope = request.server.accessScope(request, YK_RESOURCE_TYPE);
  if (scope.all) return undefined;
  return { orgPaths: scope.orgPaths, exactOrgPaths: scope.exactOrgPaths };
}

/** True when `orgPath` lies in the scope. */
export function pathInScope(orgPath: string, scope: ApplicationScope | undefined): boolean {
  if (!scope) return true;
  if (scope.exactOrgPaths.includes(orgPath)) return true;
  return scope.orgPaths.some((p) => orgPath === p || orgPath.startsWith(`${p.replace(/\/+$/, '')}/`));
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Collects WHERE conditions with numbered parameters. */
export class Conditions {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(sql: string): void {
    this.parts.push(sql);
  }

  where(): string {
    return this.parts.length > 0 ? `WHERE ${this.parts.join(' AND ')}` : '';
  }

  /** Restricts `column` (an org path) to the scope. */
  scope(column: string, scope: ApplicationScope | undefined): void {
    if (!scope) return;
    const under = scope.orgPaths.map((p) => `${escapeLike(p.replace(/\/+$/, ''))}/%`);
    const exact = [...scope.orgPaths, ...scope.exactOrgPaths];
    if (exact.length === 0) {
      this.add('false');
      return;
    }
    this.add(`(${column} = ANY(${this.param(exact)}::text[]) OR ${column} LIKE ANY(${this.param(under)}::text[]))`);
  }
}
