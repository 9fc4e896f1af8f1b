/**
 * The signed-in user's own account: switch the active post (header post switcher) and change the password
 * (docs/quality.md S13). Both rotate nothing they need not: the post switch keeps the session, the password
 * change rotates it (a new id, the flag cleared) and ends the user's other sessions.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorCode, changePasswordRequestSchema, switchPostRequestSchema } from '@wb/contracts';
import type { SessionUser } from '@wb/contracts';
import { AppError, principalOf } from '@wb/server-kit';
import type { PasswordHasher } from './password.ts';
import { toSessionUser } from '@wb/server-kit';
import { loadPosts, loadSessionAccess, principalFor } from './principal.ts';
import { sessionHashOf, startSession } from './routes.ts';
import type { SessionStore } from './sessions.ts';

export interface AccountRouteDeps {
  sessions: SessionStore;
  hasher: PasswordHasher;
}

export function registerAccountRoutes(app: FastifyInstance, deps: AccountRouteDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.put('/api/identity/session/active-post', { config: { access: 'session' }, schema: { body: switchPostRequestSchema } }, async (request): Promise<{ user: SessionUser }> => {
    const principal = principalOf(request);
    const body = request.body;
    const posts = await loadPosts(app.db, principal.userId, app.now());
    const post = posts.find((p) => p.code === body.postCode && p.orgUnitCode === body.orgUnitCode);
    const target = `${body.postCode}@${body.orgUnitCode}`;
    if (!post) {
      await app.audit(request, { action: 'identity.post.switch', target, result: 'denied' });
      throw new AppError(403, ErrorCode.NotAllowed, '您未在该单位担任该岗位');
    }
    const idHash = sessionHashOf(request);
    if (!idHash) throw new AppError(401, ErrorCode.Unauthenticated, '请先登录');
    await app.db.query('UPDATE session SET active_post_code = $2, active_post_org = $3 WHERE id_hash = $1', [idHash, post.code, post.orgUnitCode]);
    await app.accessControl.forgetSession(idHash);
    await app.audit(request, { action: 'identity.post.switch', target, result: 'success' });
    // Loaded as the next request will load it, so the answer is exactly what the user now may do.
    const session = await deps.sessions.find(idHash, app.now());
    const entry = session ? await loadSessionAccess(app.db, session, app.now(), 0) : null;
    if (!entry) throw new AppError(401, ErrorCode.Unauthenticated, '请先登录');
    return { user: toSessionUser(principalFor(entry, { zone: request.zone, channel: request.channel })) };
  });

  routes.post('/api/identity/password', { config: { access: 'session' }, schema: { body: changePasswordRequestSchema } }, async (request, reply): Promise<{ user: SessionUser }> => {
    const principal = principalOf(request);
    const body = request.body;
    const [row] = await app.db.query<{ hash: string }>('SELECT password_hash AS hash FROM sys_user WHERE id = $1', [principal.userId]);
    if (!row || !(await deps.hasher.verify(body.currentPassword, row.hash))) {
      await app.audit(request, { action: 'identity.password.change', target: principal.username, result: 'failure', detail: { reason: 'current password wrong' } });
      throw new AppError(400, ErrorCode.BadRequest, '当前密码不正确', { currentPassword: '当前密码不正确' });
    }
    app.passwordPolicy.enforce(body.newPassword, principal.username, 'newPassword');
    if (body.newPassword === body.currentPassword) throw new AppError(400, ErrorCode.BadRequest, '新密码不能与当前密码相同', { newPassword: '新密码不能与当前密码相同' });
    const hash = await deps.hasher.hash(body.newPassword);
    await app.accessControl.changeGrants(async (tx) => {
      await tx.query('UPDATE sys_user SET password_hash = $2, must_change_password = false, password_updated_at = $3 WHERE id = $1', [principal.userId, hash, app.now()]);
      // Other sessions (perhaps the reason for the change) end; this browser gets a new one below.
      await tx.query('DELETE FROM session WHERE user_id = $1', [principal.userId]);
    });
    const active = principal.activePost ? { code: principal.activePost.code, orgUnitCode: principal.activePost.orgUnitCode } : null;
    await startSession(app, request, reply, principal.userId, deps, active);
    await app.audit(request, { action: 'identity.password.change', target: principal.username, result: 'success' });
    if (!request.principal) throw new AppError(500, ErrorCode.Internal, '修改密码失败，请稍后重试');
    return { user: toSessionUser(request.principal) };
  });
}
