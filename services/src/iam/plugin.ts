import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { DeclaredPermissionInput, DeclaredRoleInput } from '../identity/index.ts';
import { createPasswordHasher, syncDeclaredPermissions, syncDeclaredRoles } from '../identity/index.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { registerBulkRoutes } from './bulk-routes.ts';
import { registerOrgRoutes } from './org-routes.ts';
import type { OrgPathRewriter } from './org-routes.ts';
import { registerPostRoutes } from './post-routes.ts';
import { registerRoleRoutes } from './role-routes.ts';
import { registerUserRoutes } from './user-routes.ts';

export interface IamServiceOptions {
  /** scrypt cost of hashes made by the admin routes; tests lower it. Default 2^17. */
  scryptN?: number | undefined;
  /** Permissions declared by the micro-apps; default: the registry's (`app.registry`) when present. */
  listDeclaredPermissions?: (() => Promise<DeclaredPermissionInput[]>) | undefined;
  /** Per-app roles declared by the micro-apps; default: the registry's when present. */
  listDeclaredRoles?: (() => Promise<DeclaredRoleInput[]>) | undefined;
  /** The modules' rewrites of their org-path copies, run when an org unit moves or merges (ADR 0058). */
  orgPathRewriters?: readonly OrgPathRewriter[] | undefined;
}

/**
 * The registry's catalogue without importing the registry (services must not depend on it): the
 * composition root registers the registry before the gateway, so its decorator is there at run time.
 */
interface RegistryCatalogue {
  listDeclaredPermissions?: () => Promise<DeclaredPermissionInput[]>;
  listDeclaredRoles?: () => Promise<DeclaredRoleInput[]>;
}

function registryOf(app: FastifyInstance): RegistryCatalogue | undefined {
  return (app as unknown as { registry?: RegistryCatalogue }).registry;
}

function registryCatalogue(app: FastifyInstance): IamServiceOptions['listDeclaredPermissions'] {
  const registry = registryOf(app);
  const list = registry?.listDeclaredPermissions;
  return list ? () => list.call(registry) : undefined;
}

function registryRoles(app: FastifyInstance): IamServiceOptions['listDeclaredRoles'] {
  const registry = registryOf(app);
  const list = registry?.listDeclaredRoles;
  return list ? () => list.call(registry) : undefined;
}

/**
 * The `iam` domain service (v1): administration of org units, users, post assignments, roles, grants and
 * the audit log for the 系统管理 micro-app. Every route needs `sys:admin:manage`. Encapsulated (no
 * fastify-plugin): the gateway mounts it under `/api/svc/iam/v1`.
 */
export const iamServicePlugin: FastifyPluginAsync<IamServiceOptions> = async (app, options) => {
  const listDeclaredPermissions = options.listDeclaredPermissions ?? registryCatalogue(app);
  const listDeclaredRoles = options.listDeclaredRoles ?? registryRoles(app);
  if (listDeclaredPermissions) {
    app.addHook('onReady', async () => {
      await syncDeclaredPermissions(app.db, await listDeclaredPermissions());
      if (listDeclaredRoles) await syncDeclaredRoles(app.db, await listDeclaredRoles());
    });
  }
  registerOrgRoutes(app, { orgPathRewriters: options.orgPathRewriters ?? [] });
  registerUserRoutes(app, { scryptN: options.scryptN });
  registerPostRoutes(app);
  registerRoleRoutes(app, { listDeclaredPermissions });
  registerAuditRoutes(app);
  const hasher = options.scryptN === undefined ? app.passwordHasher : createPasswordHasher({ scryptN: options.scryptN });
  registerBulkRoutes(app, { hashPassword: (password) => hasher.hash(password) });
};
