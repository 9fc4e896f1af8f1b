import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorCode, loginRequestSchema } from '@wb/contracts';
import { cookieOptions, sessionCookieName } from './cookie.ts';
import type { SessionUser } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { HashPriority } from './hash-queue.ts';
import type { LoginGuard } from './login-guard.ts';
import type { PasswordHasher } from './password.ts';
import { toSessionUser } from '@wb/server-kit';
import { loadPosts, loadSessionAccess, principalFor } from './principal.ts';
import type { SessionStore } from './sessions.ts';
import { hashSessionId, isWellFormedSessionId } from './sessions.ts';

export interface IdentityRouteDeps {
  sessions: SessionStore;
  hasher: PasswordHasher;
  guard: LoginGuard;
}

/** One message for unknown user, wrong password and disabled account: no hint which part was wrong. */
const INVALID_CREDENTIALS = '用户名或密码错误';

/** A login body is a username (≤ 64) and a password (≤ 1024 characters): 16 KiB bounds what a flood makes us parse. */
const LOGIN_BODY_LIMIT = 16 * 1024;

interface UserRow {
  id: string;
  passwordHash: string;
  status: string;
}

export function sessionHashOf(request: FastifyRequest): string | null {
  const id = request.cookies[sessionCookieName(request)];
  return id && isWellFormedSessionId(id) ? hashSessionId(id) : null;
}

async function checkCredentials(
  app: FastifyInstance,
  deps: IdentityRouteDeps,
  credentials: { username: string; password: string },
  priority: HashPriority,
): Promise<UserRow | null> {
  const { username, password } = credentials;
  const [user] = await app.db.query<UserRow>(
    'SELECT id, password_hash AS "passwordHash", status FROM sys_user WHERE username = $1',
    [username],
  );
  // Same work whether or not the user exists, and whatever the status: no timing or message oracle. Both
  // wait in the same hash queue at the same priority (which depends on the address, not on the user row).
  const ok = user ? await deps.hasher.verify(password, user.passwordHash, priority) : await deps.hasher.verifyAgainstNobody(password, priority);
  return ok && user?.status === 'active' ? user : null;
}

async function refuseLogin(app: FastifyInstance, request: FastifyRequest, deps: IdentityRouteDeps, username: string): Promise<never> {
  await deps.guard.failed(request, username);
  await app.audit(request, { action: 'identity.login', actor: username, target: username, result: 'failure' });
  throw new AppError(401, ErrorCode.InvalidCredentials, INVALID_CREDENTIALS);
}

/**
 * Starts a new session for `userId` (login, password change) and sets `request.principal` from it.
 * Session fixation: whatever session this browser had is dropped, and the new one gets a new id.
 * `activePost` defaults to the user's primary post.
 */
export async function startSession(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  deps: Pick<IdentityRouteDeps, 'sessions'>,
  activePost?: { code: string; orgUnitCode: string } | null,
): Promise<void> {
  const now = app.now();
  const previous = sessionHashOf(request);
  if (previous) {
    await deps.sessions.remove(previous);
    await app.accessControl.forgetSession(previous);
  }
  const [primary] = activePost === undefined ? await loadPosts(app.db, userId, now) : [];
  const post = activePost ?? (primary ? { code: primary.code, orgUnitCode: primary.orgUnitCode } : null);
  const userAgent = request.headers['user-agent'];
  const session = await deps.sessions.create({ userId, activePost: post, ip: request.ip, userAgent, now });
  reply.setCookie(sessionCookieName(request), session.id, cookieOptions(request));
  const record = await deps.sessions.find(session.idHash, now);
  const entry = record ? await loadSessionAccess(app.db, record, now, 0) : null;
  request.principal = entry ? principalFor(entry, { zone: request.zone, channel: request.channel }) : null;
}

export function registerIdentityRoutes(app: FastifyInstance, deps: IdentityRouteDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const login = { config: { access: 'public' as const }, bodyLimit: LOGIN_BODY_LIMIT, onRequest: deps.guard.countAttempt };
  routes.post('/api/identity/login', { ...login, schema: { body: loginRequestSchema } }, (request, reply): Promise<{ user: SessionUser }> =>
    deps.guard.paced(request, async () => {
      const credentials = request.body;
      const { username } = credentials;
      // 429 for a limit or a lock before any hashing; 503 from the hash queue when it is full (ADR 0018).
      const priority = await deps.guard.admit(request, username);
      const user = await checkCredentials(app, deps, credentials, priority);
      if (!user) return refuseLogin(app, request, deps, username);
      await startSession(app, request, reply, user.id, deps);
      await app.db.query('UPDATE sys_user SET last_login_at = $2 WHERE id = $1', [user.id, app.now()]);
      await deps.guard.succeeded(request, username);
      if (!request.principal) throw new AppError(500, ErrorCode.Internal, '登录失败，请稍后重试');
      await app.audit(request, { action: 'identity.login', target: username, result: 'success' });
      return { user: toSessionUser(request.principal) };
    }),
  );

  app.post('/api/identity/logout', { config: { access: 'session' } }, async (request, reply) => {
    const idHash = sessionHashOf(request);
    if (idHash) {
      await deps.sessions.remove(idHash);
      await app.accessControl.forgetSession(idHash);
    }
    reply.clearCookie(sessionCookieName(request), cookieOptions(request));
    await app.audit(request, { action: 'identity.logout', target: request.principal?.username ?? null, result: 'success' });
    return reply.code(204).send();
  });

  app.get('/api/identity/me', { config: { access: 'session' } }, async (request): Promise<{ user: SessionUser }> => {
    if (!request.principal) throw new AppError(401, ErrorCode.Unauthenticated, '请先登录');
    return { user: toSessionUser(request.principal) };
  });
}
