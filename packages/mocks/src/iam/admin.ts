import { HttpResponse, http } from 'msw';
import type { RequestHandler } from 'msw';
import { ErrorCode, auditQuerySchema, createRoleRequestSchema, intParam, setRoleGrantsRequestSchema } from '@wb/contracts';
import type { IamContext } from './context.ts';
import type { VersionedRole } from './dataset.ts';
import { apiError, badRequest, checkParam, conflict, ifMatchOf, invalidField, notFound, paginate, preconditionFailed, preconditionRequired, queryOf, readJson, withEtag } from './respond.ts';

/** Grants naming unknown permissions, posts or org units are refused per field. */
function checkGrants(ctx: IamContext, body: ReturnType<typeof setRoleGrantsRequestSchema.parse>) {
  const known = new Set(ctx.data.permissions.map((p) => p.key));
  const unknownPermission = body.permissions.find((key) => !known.has(key));
  if (unknownPermission) return invalidField('permissions', `权限不存在：${unknownPermission}`);
  const unknownPost = body.conferredByPosts.find((code) => !ctx.data.posts.some((p) => p.code === code));
  if (unknownPost) return invalidField('conferredByPosts', `岗位不存在：${unknownPost}`);
  // Same field keys as the real service: problems of the rules are reported on `dataScopes` as a whole.
  for (const [index, rule] of body.dataScopes.entries()) {
    if (rule.scopeType === 'CUSTOM_ORGS' && rule.orgUnitCodes.length === 0) {
      return invalidField('dataScopes', `第 ${index + 1} 条规则：「指定机构」至少选择一个机构`);
    }
  }
  const types = body.dataScopes.map((r) => r.resourceType);
  const duplicate = types.find((t, i) => types.indexOf(t) !== i);
  return duplicate ? invalidField('dataScopes', '同一资源类型只能有一条数据范围规则') : null;
}

export function roleHandlers(ctx: IamContext): RequestHandler[] {
  const { data, base } = ctx;
  return [
    http.get(`${base}/roles`, async () => {
      await ctx.wait();
      return HttpResponse.json(data.roles);
    }),
    http.post(`${base}/roles`, async ({ request }) => {
      await ctx.wait();
      const parsed = createRoleRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      if (data.roles.some((r) => r.key === parsed.data.key)) return conflict('key', '角色标识已存在');
      const role: VersionedRole = {
        ...parsed.data,
        type: parsed.data.appId ? 'APP_ADMIN' : 'BUSINESS',
        status: 'active',
        permissions: [],
        dataScopes: [],
        conferredByPosts: [],
        version: 1,
      };
      data.roles.push(role);
      ctx.audit('iam.role.create', role.key);
      return withEtag(role, 201);
    }),
    http.put(`${base}/roles/:key/grants`, async ({ params, request }) => {
      await ctx.wait();
      // The server's order of refusals: body 400 → If-Match 400/428 → 404 → system role 409 → grants 400 → stale 412.
      const parsed = setRoleGrantsRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const expected = ifMatchOf(request);
      if (expected instanceof Response) return expected;
      if (expected === undefined) return preconditionRequired();
      const role = data.roles.find((r) => r.key === String(params['key']));
      if (!role) return notFound('角色不存在');
      // The platform administrator role is `*`: editing it away would lock every administrator out.
      if (role.type === 'SYSTEM') return apiError(409, ErrorCode.Conflict, '系统角色的授权不可修改');
      const refused = checkGrants(ctx, parsed.data);
      if (refused) return refused;
      if (expected !== role.version) return preconditionFailed('该角色已被他人修改，请刷新后重试');
      Object.assign(role, parsed.data, { version: role.version + 1 });
      ctx.audit('iam.role.grants', role.key);
      return withEtag(role);
    }),
    http.get(`${base}/permissions`, async () => {
      await ctx.wait();
      return HttpResponse.json(data.permissions);
    }),
  ];
}

export function auditHandlers(ctx: IamContext): RequestHandler[] {
  const { data, base } = ctx;
  return [
    http.get(`${base}/audit/alerts`, async ({ request }) => {
      await ctx.wait();
      // The window is checked as the service's query schema does; the mock's alerts are fixed, whatever the window.
      const window = checkParam('windowMinutes', intParam(1, 1440, '时间窗口（分钟）').optional(), queryOf(request)['windowMinutes']);
      return window instanceof Response ? window : HttpResponse.json(data.alerts);
    }),
    http.get(`${base}/audit`, async ({ request }) => {
      await ctx.wait();
      const parsed = auditQuerySchema.safeParse(queryOf(request));
      if (!parsed.success) return badRequest(parsed.error);
      const { actor, action, result, zone, from, to, page, pageSize } = parsed.data;
      const fromMs = from ? Date.parse(from) : -Infinity;
      const toMs = to ? Date.parse(to) : Infinity;
      const found = data.audit
        .filter((e) => (!actor || e.actor === actor) && (!action || e.action.startsWith(action)))
        .filter((e) => (!result || e.result === result) && (!zone || e.zone === zone))
        .filter((e) => Date.parse(e.at) >= fromMs && Date.parse(e.at) < toMs)
        .sort((a, b) => b.at.localeCompare(a.at));
      return HttpResponse.json(paginate(found, page, pageSize));
    }),
  ];
}
