/**
 * Roles and their grants. A grant edit replaces the role's permissions, data-scope rules and conferring
 * posts as a whole, guarded by `If-Match: <version>` (docs/quality.md D5: stale → 412, nothing written), and
 * bumps the grant version so every affected session sees it on its next request (S6).
 */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorCode, createRoleRequestSchema, setRoleGrantsRequestSchema, versionTag } from '@wb/contracts';
import type { DataScopeRule } from '@wb/contracts';
import { AppError, requireIfMatch } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';
import { syncDeclaredPermissions } from '../identity/index.ts';
import type { DeclaredPermissionInput } from '../identity/index.ts';
import { badField, conflict, manage, notFound } from './common.ts';
import { listPermissions, listRoles, missingKeys } from './role-queries.ts';
import type { RoleWithVersion } from './role-queries.ts';

export interface RoleRouteOptions {
  /** Permissions the micro-apps declare (the registry's catalogue); mirrored before the tree is read. */
  listDeclaredPermissions?: (() => Promise<DeclaredPermissionInput[]>) | undefined;
}

type Grants = { permissions: string[]; dataScopes: DataScopeRule[]; conferredByPosts: string[] };

async function validateGrants(db: Queryable, body: Grants): Promise<void> {
  const types = body.dataScopes.map((s) => s.resourceType);
  if (new Set(types).size !== types.length) throw badField('dataScopes', '同一资源类型只能有一条数据范围规则');
  const missingPermissions = await missingKeys(db, 'permission', 'key', body.permissions);
  if (missingPermissions.length) throw badField('permissions', `权限不存在：${missingPermissions.slice(0, 5).join('、')}`);
  const missingPosts = await missingKeys(db, 'post', 'code', body.conferredByPosts);
  if (missingPosts.length) throw badField('conferredByPosts', `岗位不存在：${missingPosts.join('、')}`);
  const orgs = body.dataScopes.flatMap((s) => s.orgUnitCodes);
  const missingOrgs = await missingKeys(db, 'org_unit', 'code', orgs);
  if (missingOrgs.length) throw badField('dataScopes', `单位不存在：${missingOrgs.join('、')}`);
  if (body.dataScopes.some((s) => s.scopeType === 'CUSTOM_ORGS' && s.orgUnitCodes.length === 0)) {
    throw badField('dataScopes', '「指定机构」至少选择一个机构');
  }
}

async function replaceGrants(tx: Queryable, key: string, body: Grants): Promise<void> {
  await tx.query('DELETE FROM role_permission WHERE role_key = $1', [key]);
  await tx.query('INSERT INTO role_permission (role_key, permission_key) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [key, body.permissions]);
  await tx.query('DELETE FROM post_role WHERE role_key = $1', [key]);
  await tx.query('INSERT INTO post_role (post_code, role_key) SELECT unnest($2::text[]), $1 ON CONFLICT DO NOTHING', [key, body.conferredByPosts]);
  await tx.query('DELETE FROM data_scope_rule WHERE role_key = $1', [key]);
  for (const scope of body.dataScopes) {
    const [rule] = await tx.query<{ id: string }>(
      'INSERT INTO data_scope_rule (role_key, resource_type, scope_type) VALUES ($1, $2, $3) RETURNING id::text AS id',
      [key, scope.resourceType, scope.scopeType],
    );
    const orgs = scope.scopeType === 'CUSTOM_ORGS' ? [...new Set(scope.orgUnitCodes)] : [];
    if (orgs.length) await tx.query('INSERT INTO data_scope_org (rule_id, org_unit_code) SELECT $1::bigint, unnest($2::text[])', [rule?.id, orgs]);
  }
}

function diff(before: string[], after: string[]): { added: string[]; removed: string[] } {
  return { added: after.filter((k) => !before.includes(k)), removed: before.filter((k) => !after.includes(k)) };
}

export function registerRoleRoutes(app: FastifyInstance, options: RoleRouteOptions): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const sync = async (): Promise<void> => {
    if (options.listDeclaredPermissions) await syncDeclaredPermissions(app.db, await options.listDeclaredPermissions());
  };

  app.get('/roles', manage, async () => listRoles(app.db));

  routes.post('/roles', { ...manage, schema: { body: createRoleRequestSchema } }, async (request, reply) => {
    const body = request.body;
    const rows = await app.db.query('INSERT INTO role (key, name, type, app_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key', [
      body.key,
      body.name,
      body.appId ? 'APP_ADMIN' : 'BUSINESS',
      body.appId,
    ]);
    if (rows.length === 0) throw conflict('角色标识已存在', { key: '角色标识已存在' });
    await app.audit(request, { action: 'iam.role.create', target: body.key, result: 'success', detail: { name: body.name } });
    const [role] = await listRoles(app.db, body.key);
    return reply.code(201).header('etag', versionTag(role?.version ?? 1)).send(role);
  });

  routes.put('/roles/:key/grants', { ...manage, schema: { params: z.object({ key: z.string() }), body: setRoleGrantsRequestSchema } }, async (request, reply) => {
    const body = request.body;
    const version = requireIfMatch(request);
    const { key } = request.params;
    const [before] = await listRoles(app.db, key);
    if (!before) throw notFound('角色不存在');
    // The platform administrator role is `*`: editing it away would lock every administrator out.
    if (before.type === 'SYSTEM') throw conflict('系统角色的授权不可修改');
    await sync();
    await validateGrants(app.db, body);
    const next = await app.accessControl.changeGrants(async (tx) => {
      const [row] = await tx.query<{ version: number }>('UPDATE role SET version = version + 1 WHERE key = $1 AND version = $2 RETURNING version', [key, version]);
      if (!row) throw new AppError(412, ErrorCode.PreconditionFailed, '该角色已被他人修改，请刷新后重试');
      await replaceGrants(tx, key, body);
      return row.version;
    });
    await app.audit(request, {
      action: 'iam.role.grants',
      target: key,
      result: 'success',
      detail: { version: next, permissions: diff(before.permissions, body.permissions), posts: diff(before.conferredByPosts, body.conferredByPosts), dataScopes: body.dataScopes },
    });
    const [role] = await listRoles(app.db, key);
    return reply.header('etag', versionTag(next)).send(role as RoleWithVersion);
  });

  app.get('/permissions', manage, async () => {
    await sync();
    return listPermissions(app.db);
  });
}
