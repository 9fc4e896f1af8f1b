import { HttpResponse, http } from 'msw';
import type { PathParams, RequestHandler } from 'msw';
import { DEFAULT_PASSWORD_RULES, ErrorCode, createUserRequestSchema, resetPasswordRequestSchema, setUserStatusRequestSchema, passwordProblemMessage, passwordProblems } from '@wb/contracts';
import { adminUserListQuerySchema, bulkStatusRequestSchema, bulkUsersRequestSchema } from '@wb/contracts/iam-admin';
import type { AdminUser } from '@wb/contracts';
import type { IamDataset } from './dataset.ts';
import { activeUnit, inSubtree, validAt } from './context.ts';
import type { IamContext } from './context.ts';
import { explainPermissions } from './effective.ts';
import { apiError, badRequest, conflict, invalidField, notFound, paginate, queryOf, readJson } from './respond.ts';
import type { BodySchema } from './respond.ts';

const DAY_MS = 86_400_000;

function findUser(data: IamDataset, id: unknown): AdminUser | undefined {
  return data.users.find((u) => u.id === String(id));
}

type UserHandler<T> = (user: AdminUser, body: T, request: Request, params: PathParams) => Response | Promise<Response>;

/**
 * A handler of `/users/:id…` in the service's order: the latency, the body's 400 (route schemas are checked before
 * the handler), 404 for an unknown user, then `fn` with the user and the parsed body.
 */
export function onUser<T = undefined>(ctx: IamContext, fn: UserHandler<T>, schema?: BodySchema<T>) {
  return async ({ params, request }: { params: PathParams; request: Request }): Promise<Response> => {
    await ctx.wait();
    let body = undefined as T;
    if (schema) {
      const parsed = schema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      body = parsed.data;
    }
    const user = findUser(ctx.data, params['id']);
    return user ? fn(user, body, request, params) : notFound('用户不存在');
  };
}

/**
 * The server's password policy with its default numbers, answered as the server does (ADR 0017); the
 * common-password list is the server's alone. Null when the password may be set.
 */
export function passwordProblem(password: string, username: string): string | null {
  return passwordProblemMessage(passwordProblems(password, username, DEFAULT_PASSWORD_RULES));
}

function refusePassword(password: string, username: string, field: string): Response | null {
  const reason = passwordProblem(password, username);
  return reason ? apiError(400, ErrorCode.BadRequest, reason, { [field]: reason }) : null;
}

type UserFilter = ReturnType<typeof adminUserListQuerySchema.parse>;

/** The service's filters (iam/user-queries.ts): text, unit with its subtree, status, post and role held now, last login. */
function userFilter(data: IamDataset, filter: UserFilter, now: number): (user: AdminUser) => boolean {
  const q = filter.q.toLowerCase();
  const root = filter.orgUnitCode === undefined ? undefined : (data.orgUnits.find((o) => o.code === filter.orgUnitCode)?.path ?? null);
  const pathOf = (code: string) => data.orgUnits.find((o) => o.code === code)?.path ?? '';
  const conferring = new Set(data.roles.find((r) => r.key === filter.roleKey)?.conferredByPosts ?? []);
  const [kind, days] = (filter.lastLogin ?? '').split(':');
  const since = now - Number(days) * DAY_MS;
  const lastLogin = (at: string | null): boolean => {
    if (kind === 'never') return at === null;
    if (kind === 'idle') return at === null || Date.parse(at) < since;
    return kind !== 'active' || (at !== null && Date.parse(at) >= since);
  };
  return (u) =>
    (q === '' || u.username.toLowerCase().includes(q) || u.displayName.toLowerCase().includes(q)) &&
    (root === undefined || (root !== null && inSubtree(pathOf(u.orgUnitCode), root))) &&
    (!filter.status || u.status === filter.status) &&
    (!filter.postCode || u.posts.some((p) => p.postCode === filter.postCode && validAt(p, now))) &&
    (!filter.roleKey || u.roles.includes(filter.roleKey) || u.posts.some((p) => conferring.has(p.postCode) && validAt(p, now))) &&
    lastLogin(u.lastLoginAt);
}

function listAndCreate(ctx: IamContext): RequestHandler[] {
  const { data, base } = ctx;
  return [
    http.get(`${base}/users`, async ({ request }) => {
      await ctx.wait();
      const parsed = adminUserListQuerySchema.safeParse(queryOf(request));
      if (!parsed.success) return badRequest(parsed.error);
      const { page, pageSize } = parsed.data;
      const pathOf = (u: AdminUser) => data.orgUnits.find((o) => o.code === u.orgUnitCode)?.path ?? '';
      const found = data.users
        .filter(userFilter(data, parsed.data, Date.now()))
        .sort((a, b) => pathOf(a).localeCompare(pathOf(b)) || a.username.localeCompare(b.username));
      return HttpResponse.json(paginate(found, page, pageSize));
    }),
    http.get(`${base}/users/:id/effective-permissions`, onUser(ctx, (user) => HttpResponse.json(explainPermissions(data, user, Date.now())))),
    http.get(`${base}/users/:id`, onUser(ctx, (user) => HttpResponse.json(user))),
    http.post(`${base}/users`, async ({ request }) => {
      await ctx.wait();
      // The service's order: body 400 → password policy 400 → unit 400 → duplicate username 409.
      const parsed = createUserRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const body = parsed.data;
      const weak = refusePassword(body.initialPassword, body.username, 'initialPassword');
      if (weak) return weak;
      const org = activeUnit(data, body.orgUnitCode);
      if (!org) return invalidField('orgUnitCode', '所属单位不存在或已停用');
      if (data.users.some((u) => u.username === body.username)) return conflict('username', '用户名已存在');
      const user: AdminUser = {
        id: crypto.randomUUID(),
        username: body.username,
        displayName: body.displayName,
        orgUnitCode: org.code,
        orgUnitName: org.name,
        status: 'active',
        mustChangePassword: true,
        roles: [],
        posts: [],
        activeSessions: 0,
        lastLoginAt: null,
        createdAt: new Date().toISOString(),
      };
      data.users.push(user);
      ctx.audit('iam.user.create', user.username);
      return HttpResponse.json(user, { status: 201 });
    }),
  ];
}

function accountActions(ctx: IamContext): RequestHandler[] {
  const { base } = ctx;
  return [
    http.put(
      `${base}/users/:id/status`,
      onUser(
        ctx,
        (user, { status }) => {
          if (status === 'disabled' && user.username === ctx.actor) return invalidField('status', '不能停用自己的账号');
          user.status = status;
          // A disabled account loses its sessions at once (docs/quality.md S7).
          if (status === 'disabled') user.activeSessions = 0;
          ctx.audit('iam.user.status', user.username);
          return HttpResponse.json(user);
        },
        setUserStatusRequestSchema,
      ),
    ),
    // `password:reset` and `sessions:end` are custom-method paths; the escaped colon keeps msw from reading `:reset` as a parameter.
    http.post(
      `${base}/users/:id/password\\:reset`,
      onUser(
        ctx,
        (user, { newPassword }) => {
          const weak = refusePassword(newPassword, user.username, 'newPassword');
          if (weak) return weak;
          user.mustChangePassword = true;
          user.activeSessions = 0;
          ctx.audit('iam.user.password.reset', user.username);
          return new HttpResponse(null, { status: 204 });
        },
        resetPasswordRequestSchema,
      ),
    ),
    http.post(`${base}/users/:id/sessions\\:end`, onUser(ctx, (user) => {
      const ended = user.activeSessions;
      user.activeSessions = 0;
      ctx.audit('iam.user.sessions.end', user.username);
      return HttpResponse.json({ ended });
    })),
  ];
}

/**
 * Bulk disable / enable and end sessions (issue 20): the listed users that exist (unknown ids are passed over), by
 * username; disabling never touches the administrator's own account (skipped with the reason).
 */
function bulkActions(ctx: IamContext): RequestHandler[] {
  const { data, base } = ctx;
  const usersOf = (ids: readonly string[]) => data.users.filter((u) => ids.includes(u.id)).sort((a, b) => a.username.localeCompare(b.username));
  return [
    http.post(`${base}/users/bulk-status`, async ({ request }) => {
      await ctx.wait();
      const parsed = bulkStatusRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const { ids, status } = parsed.data;
      const skipped: Array<{ username: string; reason: string }> = [];
      const targets = usersOf(ids).filter((u) => {
        const self = status === 'disabled' && u.username === ctx.actor;
        if (self) skipped.push({ username: u.username, reason: '不能停用自己的账号' });
        return !self;
      });
      for (const u of targets) {
        u.status = status;
        if (status === 'disabled') u.activeSessions = 0;
      }
      ctx.audit('iam.user.status.bulk', `${targets.length} 名用户`);
      return HttpResponse.json({ changed: targets.length, skipped });
    }),
    http.post(`${base}/users/bulk-end-sessions`, async ({ request }) => {
      await ctx.wait();
      const parsed = bulkUsersRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const users = usersOf(parsed.data.ids).filter((u) => u.activeSessions > 0);
      // `changed` counts the sessions ended, as the service's DELETE … RETURNING does.
      const ended = users.reduce((n, u) => n + u.activeSessions, 0);
      for (const u of users) u.activeSessions = 0;
      ctx.audit('iam.user.sessions.end.bulk', `${users.length} 名用户`);
      return HttpResponse.json({ changed: ended, skipped: [] });
    }),
  ];
}

export function userHandlers(ctx: IamContext): RequestHandler[] {
  return [...listAndCreate(ctx), ...accountActions(ctx), ...bulkActions(ctx)];
}
