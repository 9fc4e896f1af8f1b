import { HttpResponse, http } from 'msw';
import type { RequestHandler } from 'msw';
import { ErrorCode, assignPostRequestSchema, postBoundInstant } from '@wb/contracts';
import { expiringQuerySchema } from '@wb/contracts/iam-admin';
import { activeUnit } from './context.ts';
import type { IamContext } from './context.ts';
import { apiError, badRequest, invalidField, notFound, queryOf } from './respond.ts';
import { onUser } from './users.ts';

/** Post assignments (岗位任职) as services/src/iam/post-routes.ts: the catalogue, upcoming expiries, assign and remove. */
export function postHandlers(ctx: IamContext): RequestHandler[] {
  const { data, base } = ctx;
  return [
    http.get(`${base}/posts`, async () => {
      await ctx.wait();
      return HttpResponse.json(data.posts);
    }),
    // Upcoming expiries (issue 20): assignments of active users ending within `days`, soonest first.
    http.get(`${base}/post-assignments/expiring`, async ({ request }) => {
      await ctx.wait();
      const parsed = expiringQuerySchema.safeParse(queryOf(request));
      if (!parsed.success) return badRequest(parsed.error);
      const now = Date.now();
      const until = now + parsed.data.days * 86_400_000;
      const items = data.users
        .filter((u) => u.status === 'active')
        .flatMap((u) => u.posts.map((p) => ({ u, p })))
        .filter(({ p }) => p.validTo !== null && Date.parse(p.validTo) > now && Date.parse(p.validTo) <= until)
        .map(({ u, p }) => {
          const endsAt = new Date(p.validTo as string);
          const day = new Date(endsAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
          return { id: p.id, userId: u.id, username: u.username, displayName: u.displayName, postCode: p.postCode, postName: p.postName, orgUnitCode: p.orgUnitCode, orgUnitName: p.orgUnitName, validTo: day, endsAt: endsAt.toISOString() };
        })
        .sort((a, b) => a.endsAt.localeCompare(b.endsAt) || a.username.localeCompare(b.username));
      return HttpResponse.json(items);
    }),
    http.get(`${base}/users/:id/posts`, onUser(ctx, (user) => HttpResponse.json(user.posts))),
    http.post(
      `${base}/users/:id/posts`,
      onUser(
        ctx,
        (user, body) => {
          const post = data.posts.find((p) => p.code === body.postCode && p.status === 'active');
          if (!post) return invalidField('postCode', '岗位不存在');
          const org = activeUnit(data, body.orgUnitCode);
          if (!org) return invalidField('orgUnitCode', '单位不存在或已停用');
          if (user.posts.some((p) => p.postCode === post.code && p.orgUnitCode === org.code)) {
            return apiError(409, ErrorCode.Conflict, '该用户已在该单位担任该岗位');
          }
          if (body.primary) for (const p of user.posts) p.primary = false;
          // Instants like the service (ADR 0073): a date alone is 0:00 China time.
          const instant = (v: string | null) => (v ? postBoundInstant(v).toISOString() : null);
          const created = { ...body, validFrom: instant(body.validFrom), validTo: instant(body.validTo), id: crypto.randomUUID(), userId: user.id, postName: post.name, orgUnitName: org.name };
          user.posts.push(created);
          ctx.audit('iam.post.assign', user.username);
          return HttpResponse.json(created, { status: 201 });
        },
        assignPostRequestSchema,
      ),
    ),
    http.delete(`${base}/users/:id/posts/:assignmentId`, onUser(ctx, (user, _body, _request, params) => {
      const index = user.posts.findIndex((p) => p.id === String(params['assignmentId']));
      if (index < 0) return notFound('岗位任职不存在');
      user.posts.splice(index, 1);
      ctx.audit('iam.post.remove', user.username);
      return new HttpResponse(null, { status: 204 });
    })),
  ];
}
