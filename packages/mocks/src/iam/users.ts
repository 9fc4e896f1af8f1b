import { HttpResponse, http } from 'msw';
import type { PathParams, RequestHandler } from 'msw';
import {
  DEFAULT_PASSWORD_RULES,
  ErrorCode,
  assignPostRequestSchema,
  postBoundInstant,
  createUserRequestSchema,
  resetPasswordRequestSchema,
  setUserStatusRequestSchema,
  passwordProblemMessage,
  passwordProblems,
  userListQuerySchema,
} from '@wb/contracts';
import type { AdminUser } from '@wb/contracts';
import type { IamDataset } from './dataset.ts';
import type { IamContext } from './context.ts';
import { apiError, badRequest, conflict, invalidField, notFound, paginate, readJson } from './respond.ts';

function matches(user: AdminUser, q: string): boolean {
  if (q === '') return true;
  return user.username.includes(q.toLowerCase()) || user.displayName.includes(q);
}

function findUser(data: IamDataset, id: unknown): AdminUser | undefined {
  return data.users.find((u) => u.id === String(id));
}

const missingUser = () => notFound('用户不存在');

/** A handler of `/users/:id…`: the latency, 404 for an unknown user, then `fn` with the user. */
function onUser(ctx: IamContext, fn: (user: AdminUser, request: Request, params: PathParams) => Response | Promise<Response>) {
  return async ({ params, request }: { params: PathParams; request: Request }): Promise<Response> => {
    await ctx.wait();
    const user = findUser(ctx.data, params['id']);
    return user ? fn(user, request, params) : missingUser();
  };
}

/**
 * The server's password policy with its default numbers, answered as the server does (ADR 0017); the
 * common-password list is the server's alone. Null when the password may be set.
 */
function refusePassword(password: string, username: string, field: string): Response | null {
  const reason = passwordProblemMessage(passwordProblems(password, username, DEFAULT_PASSWORD_RULES));
  return reason ? apiError(400, ErrorCode.BadRequest, reason, { [field]: reason }) : null;
}

function listAndCreate(ctx: IamContext): RequestHandler[] {
  const { data, base } = ctx;
  return [
    http.get(`${base}/users`, async ({ request }) => {
      await ctx.wait();
      const parsed = userListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return badRequest(parsed.error);
      const { q, orgUnitCode, status, page, pageSize } = parsed.data;
      const found = data.users.filter(
        (u) => matches(u, q) && (!orgUnitCode || u.orgUnitCode === orgUnitCode) && (!status || u.status === status),
      );
      return HttpResponse.json(paginate(found, page, pageSize));
    }),
    http.get(`${base}/users/:id/posts`, onUser(ctx, (user) => HttpResponse.json(user.posts))),
    http.get(`${base}/users/:id`, onUser(ctx, (user) => HttpResponse.json(user))),
    http.post(`${base}/users`, async ({ request }) => {
      await ctx.wait();
      const parsed = createUserRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const body = parsed.data;
      const weak = refusePassword(body.initialPassword, body.username, 'initialPassword');
      if (weak) return weak;
      if (data.users.some((u) => u.username === body.username)) return conflict('username', '用户名已存在');
      const org = data.orgUnits.find((o) => o.code === body.orgUnitCode);
      if (!org) return invalidField('orgUnitCode', '所属单位不存在');
      const user: AdminUser = {
        id: `u-${body.username}`,
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
    http.put(`${base}/users/:id/status`, onUser(ctx, async (user, request) => {
      const parsed = setUserStatusRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      if (parsed.data.status === 'disabled' && user.username === ctx.actor) return invalidField('status', '不能停用自己的账号');
      user.status = parsed.data.status;
      // A disabled account loses its sessions at once (docs/quality.md S7).
      if (user.status === 'disabled') user.activeSessions = 0;
      ctx.audit('iam.user.status', user.username);
      return HttpResponse.json(user);
    })),
    // `password:reset` and `sessions:end` are custom-method paths; the escaped colon keeps msw from reading `:reset` as a parameter.
    http.post(`${base}/users/:id/password\\:reset`, onUser(ctx, async (user, request) => {
      const parsed = resetPasswordRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const weak = refusePassword(parsed.data.newPassword, user.username, 'newPassword');
      if (weak) return weak;
      user.mustChangePassword = true;
      user.activeSessions = 0;
      ctx.audit('iam.user.password.reset', user.username);
      return new HttpResponse(null, { status: 204 });
    })),
    http.post(`${base}/users/:id/sessions\\:end`, onUser(ctx, async (user) => {
      const ended = user.activeSessions;
      user.activeSessions = 0;
      ctx.audit('iam.user.sessions.end', user.username);
      return HttpResponse.json({ ended });
    })),
  ];
}

function postAssignments(ctx: IamContext): RequestHandler[] {
  const { data, base } = ctx;
  return [
    http.post(`${base}/users/:id/posts`, onUser(ctx, async (user, request) => {
      const parsed = assignPostRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const body = parsed.data;
      const post = data.posts.find((p) => p.code === body.postCode);
      if (!post) return invalidField('postCode', '岗位不存在');
      const org = data.orgUnits.find((o) => o.code === body.orgUnitCode);
      if (!org) return invalidField('orgUnitCode', '单位不存在');
      if (user.posts.some((p) => p.postCode === post.code && p.orgUnitCode === org.code)) {
        return apiError(409, ErrorCode.Conflict, '该用户已在该单位担任该岗位');
      }
      if (body.primary) for (const p of user.posts) p.primary = false;
      const id = `pa-${user.id}-${post.code}-${org.code}`;
      // Instants like the service (ADR 0073): a date alone is 0:00 China time.
      const instant = (v: string | null) => (v ? postBoundInstant(v).toISOString() : null);
      const created = { ...body, validFrom: instant(body.validFrom), validTo: instant(body.validTo), id, userId: user.id, postName: post.name, orgUnitName: org.name };
      user.posts.push(created);
      ctx.audit('iam.post.assign', user.username);
      return HttpResponse.json(created, { status: 201 });
    })),
    http.delete(`${base}/users/:id/posts/:assignmentId`, onUser(ctx, async (user, _request, params) => {
      const index = user.posts.findIndex((p) => p.id === String(params['assignmentId']));
      if (index < 0) return notFound('岗位任职不存在');
      user.posts.splice(index, 1);
      ctx.audit('iam.post.remove', user.username);
      return new HttpResponse(null, { status: 204 });
    })),
  ];
}

export function userHandlers(ctx: IamContext): RequestHandler[] {
  return [...listAndCreate(ctx), ...accountActions(ctx), ...postAssignments(ctx)];
}
