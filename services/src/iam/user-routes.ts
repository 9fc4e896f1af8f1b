/**
 * Users (create, list, disable, reset password, end sessions). Every write runs in a transaction that bumps
 * the grant version (`app.accessControl.changeGrants`), so a disabled user or a killed session is refused
 * on the very next request, on every instance (docs/quality.md S6/S7).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createUserRequestSchema, resetPasswordRequestSchema, setUserStatusRequestSchema } from '@wb/contracts';
import { adminUserListQuerySchema, bulkStatusRequestSchema, bulkUsersRequestSchema } from '@wb/contracts/iam-admin';
import type { AdminUser } from '@wb/contracts';
import type { EffectivePermissions } from '@wb/contracts/iam-admin';
import { clearLoginLock, createPasswordHasher } from '../identity/index.ts';
import { badField, conflict, exists, idParams, manage, notFound, requireUser } from './common.ts';
import { explainPermissions } from './effective.ts';
import { getUser, listUsers } from './user-queries.ts';

export interface UserRouteOptions {
  /**
   * scrypt cost of hashes made here, with a hasher of their own (tests). Default: the identity plugin's
   * hasher, whose queue every password derivation of the process shares (ADR 0018).
   */
  scryptN?: number | undefined;
}

type IdParams = { Params: { id: string } };

export function registerUserRoutes(app: FastifyInstance, options: UserRouteOptions): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const hasher = options.scryptN === undefined ? app.passwordHasher : createPasswordHasher({ scryptN: options.scryptN });
  // The password policy (ADR 0017) on the initial and the reset password alike.
  const checkPassword = (password: string, username: string, field: string): void => app.passwordPolicy.enforce(password, username, field);

  routes.get('/users', { ...manage, schema: { querystring: adminUserListQuerySchema } }, async (request) => {
    const query = request.query;
    const { items, total } = await listUsers(app.db, query, app.now());
    return { items, page: query.page, pageSize: query.pageSize, total };
  });

  routes.post('/users', { ...manage, schema: { body: createUserRequestSchema } }, async (request, reply) => {
    const body = request.body;
    checkPassword(body.initialPassword, body.username, 'initialPassword');
    if (!(await exists(app.db, `SELECT 1 FROM org_unit WHERE code = $1 AND status = 'active'`, [body.orgUnitCode]))) throw badField('orgUnitCode', '所属单位不存在或已停用');
    const hash = await hasher.hash(body.initialPassword);
    const id = randomUUID();
    const inserted = await app.db.query(
      `INSERT INTO sys_user (id, username, display_name, password_hash, org_unit_code, must_change_password, created_at)
       VALUES ($1, $2, $3, $4, $5, true, $6) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [id, body.username, body.displayName, hash, body.orgUnitCode, app.now()],
    );
    if (inserted.length === 0) throw conflict('用户名已存在', { username: '用户名已存在' });
    await app.audit(request, { action: 'iam.user.create', target: body.username, result: 'success', detail: { orgUnitCode: body.orgUnitCode } });
    return reply.code(201).send((await getUser(app.db, id, app.now())) as AdminUser);
  });

  routes.put('/users/:id/status', { ...manage, schema: { params: idParams, body: setUserStatusRequestSchema } }, async (request) => {
    const body = request.body;
    const user = await requireUser(app.db, request.params.id);
    if (body.status === 'disabled' && user.id === request.principal?.userId) throw badField('status', '不能停用自己的账号');
    await app.accessControl.changeGrants(async (tx) => {
      await tx.query('UPDATE sys_user SET status = $2 WHERE id = $1', [user.id, body.status]);
      if (body.status === 'disabled') await tx.query('DELETE FROM session WHERE user_id = $1', [user.id]);
    });
    await app.audit(request, { action: 'iam.user.status', target: user.username, result: 'success', detail: { status: body.status } });
    return getUser(app.db, user.id, app.now());
  });

  routes.post('/users/:id/password::reset', { ...manage, schema: { params: idParams, body: resetPasswordRequestSchema } }, async (request, reply) => {
    const body = request.body;
    const user = await requireUser(app.db, request.params.id);
    checkPassword(body.newPassword, user.username, 'newPassword');
    const hash = await hasher.hash(body.newPassword);
    await app.accessControl.changeGrants(async (tx) => {
      await tx.query('UPDATE sys_user SET password_hash = $2, must_change_password = true, password_updated_at = $3 WHERE id = $1', [user.id, hash, app.now()]);
      await tx.query('DELETE FROM session WHERE user_id = $1', [user.id]);
    });
    await app.audit(request, { action: 'iam.user.password.reset', target: user.username, result: 'success' });
    return reply.code(204).send();
  });

  app.post<IdParams>('/users/:id/sessions::end', manage, async (request) => {
    const user = await requireUser(app.db, request.params.id);
    const ended = await app.accessControl.changeGrants((tx) => tx.query('DELETE FROM session WHERE user_id = $1 RETURNING id_hash', [user.id]));
    await app.audit(request, { action: 'iam.user.sessions.end', target: user.username, result: 'success', detail: { ended: ended.length } });
    return { ended: ended.length };
  });

  // Lifts a login lockout (ADR 0018) before it runs out, e.g. when the user calls the help desk.
  app.post<IdParams>('/users/:id/login-lock::clear', manage, async (request, reply) => {
    const user = await requireUser(app.db, request.params.id);
    const wasLocked = await clearLoginLock(app.db, user.username, app.now());
    await app.audit(request, { action: 'iam.user.login.unlock', target: user.username, result: 'success', detail: { wasLocked } });
    return reply.code(204).send();
  });

  // Bulk disable / enable (issue 20): one transaction, one grant-version bump; the caller's own account is skipped.
  routes.post('/users/bulk-status', { ...manage, schema: { body: bulkStatusRequestSchema } }, async (request) => {
    const { ids, status } = request.body;
    const self = request.principal?.userId;
    const skipped: Array<{ username: string; reason: string }> = [];
    const changed = await app.accessControl.changeGrants(async (tx) => {
      const users = await tx.query<{ id: string; username: string }>('SELECT id, username FROM sys_user WHERE id = ANY($1::text[]) ORDER BY username', [ids]);
      const targets = users.filter((u) => {
        if (status === 'disabled' && u.id === self) skipped.push({ username: u.username, reason: '不能停用自己的账号' });
        return !(status === 'disabled' && u.id === self);
      });
      const targetIds = targets.map((u) => u.id);
      await tx.query('UPDATE sys_user SET status = $2 WHERE id = ANY($1::text[])', [targetIds, status]);
      if (status === 'disabled') await tx.query('DELETE FROM session WHERE user_id = ANY($1::text[])', [targetIds]);
      return targets.map((u) => u.username);
    });
    await app.audit(request, { action: 'iam.user.status.bulk', target: `${changed.length} 名用户`, result: 'success', detail: { status, usernames: changed } });
    return { changed: changed.length, skipped };
  });

  routes.post('/users/bulk-end-sessions', { ...manage, schema: { body: bulkUsersRequestSchema } }, async (request) => {
    const ended = await app.accessControl.changeGrants((tx) =>
      tx.query<{ username: string }>(
        'DELETE FROM session s USING sys_user u WHERE u.id = s.user_id AND s.user_id = ANY($1::text[]) RETURNING u.username',
        [request.body.ids],
      ),
    );
    const usernames = [...new Set(ended.map((e) => e.username))].sort();
    await app.audit(request, { action: 'iam.user.sessions.end.bulk', target: `${usernames.length} 名用户`, result: 'success', detail: { ended: ended.length, usernames } });
    return { changed: ended.length, skipped: [] };
  });

  app.get<IdParams>('/users/:id/effective-permissions', manage, async (request): Promise<EffectivePermissions> => {
    const user = await requireUser(app.db, request.params.id);
    return explainPermissions(app.db, user, app.now());
  });

  app.get<IdParams>('/users/:id', manage, async (request) => {
    const user = await getUser(app.db, request.params.id, app.now());
    if (!user) throw notFound('用户不存在');
    return user;
  });
}
