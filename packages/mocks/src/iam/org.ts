import { HttpResponse, http } from 'msw';
import type { PathParams, RequestHandler } from 'msw';
import { ErrorCode, createOrgUnitRequestSchema, orgUnitCodeSchema } from '@wb/contracts';
import { mergeOrgUnitRequestSchema, moveOrgUnitRequestSchema, setOrgUnitStatusRequestSchema, updateOrgUnitRequestSchema } from '@wb/contracts/iam-admin';
import type { OrgUnit } from '@wb/contracts';
import type { OrgUnitChange } from '@wb/contracts/iam-admin';
import { inSubtree } from './context.ts';
import type { IamContext } from './context.ts';
import type { IamDataset } from './dataset.ts';
import { apiError, badRequest, checkParam, conflict, invalidField, notFound, readJson } from './respond.ts';
import type { BodySchema } from './respond.ts';

type UnitHandler<T> = (unit: OrgUnit, body: T) => Response;

/** `/org-units/:code…` in the service's order: the code's 400 (path schema), the body's 400, 404, then `fn`. */
function onUnit<T>(ctx: IamContext, schema: BodySchema<T>, fn: UnitHandler<T>) {
  return async ({ params, request }: { params: PathParams; request: Request }): Promise<Response> => {
    await ctx.wait();
    const code = checkParam('code', orgUnitCodeSchema, params['code']);
    if (code instanceof Response) return code;
    const parsed = schema.safeParse(await readJson(request));
    if (!parsed.success) return badRequest(parsed.error);
    const unit = ctx.data.orgUnits.find((o) => o.code === code.value);
    return unit ? fn(unit, parsed.data) : notFound('单位不存在');
  };
}

/** A unit's name copied into its people and their posts (the service joins it; the mock stores it). */
function renameCopies(data: IamDataset, unit: OrgUnit): void {
  for (const user of data.users) {
    if (user.orgUnitCode === unit.code) user.orgUnitName = unit.name;
    for (const p of user.posts) if (p.orgUnitCode === unit.code) p.orgUnitName = unit.name;
  }
}

/** Moves `unit` with its subtree under `parent` (paths rewritten); the number of units moved. */
function moveUnder(data: IamDataset, unit: OrgUnit, parent: OrgUnit): number {
  const oldPath = unit.path;
  const newPath = `${parent.path}/${unit.code}`;
  const moved = data.orgUnits.filter((o) => inSubtree(o.path, oldPath));
  for (const o of moved) o.path = newPath + o.path.slice(oldPath.length);
  unit.parentCode = parent.code;
  return moved.length;
}

/**
 * The target of a move or merge (`what`), named by `code` in the body's `field`: the unit, or the service's 400 on
 * that field — it does not exist (`missing`), the moved unit is the root, the target is in its subtree or disabled.
 */
function targetOf(data: IamDataset, unit: OrgUnit, code: string, field: string, missing: string, what: string): OrgUnit | Response {
  const target = data.orgUnits.find((o) => o.code === code);
  if (!target) return invalidField(field, missing);
  if (unit.parentCode === null) return invalidField(field, `根单位不能${what}`);
  if (inSubtree(target.path, unit.path)) return invalidField(field, `不能${what}到本单位或其下级单位`);
  return target.status === 'disabled' ? invalidField(field, '目标单位已停用') : target;
}

/** Why a unit may not be disabled (409), as the service counts: active children, active people, posts in force. */
function inUse(data: IamDataset, unit: OrgUnit): Response | null {
  const now = Date.now();
  const children = data.orgUnits.filter((o) => o.parentCode === unit.code && o.status === 'active').length;
  const users = data.users.filter((u) => u.orgUnitCode === unit.code && u.status === 'active').length;
  const posts = data.users.flatMap((u) => u.posts).filter((p) => p.orgUnitCode === unit.code && (p.validTo === null || Date.parse(p.validTo) > now)).length;
  if (children > 0) return apiError(409, ErrorCode.Conflict, `该单位还有 ${children} 个启用的下级单位，请先停用或移走下级单位`);
  if (users > 0) return apiError(409, ErrorCode.Conflict, `该单位还有 ${users} 名在用人员，请先调出或停用这些用户（或将本单位合并到其他单位）`);
  if (posts > 0) return apiError(409, ErrorCode.Conflict, `该单位还有 ${posts} 条有效的岗位任职，请先结束这些任职（或将本单位合并到其他单位）`);
  return null;
}

/** Merges `unit` into `target`: people, posts (a post held in both stays once) and data-scope units go over; the number of people moved. */
function mergeInto(data: IamDataset, unit: OrgUnit, target: OrgUnit): number {
  let movedUsers = 0;
  for (const user of data.users) {
    if (user.orgUnitCode === unit.code) {
      Object.assign(user, { orgUnitCode: target.code, orgUnitName: target.name });
      movedUsers++;
    }
    user.posts = user.posts.filter((p) => p.orgUnitCode !== unit.code || !user.posts.some((q) => q.postCode === p.postCode && q.orgUnitCode === target.code));
    for (const p of user.posts) if (p.orgUnitCode === unit.code) Object.assign(p, { orgUnitCode: target.code, orgUnitName: target.name });
  }
  for (const rule of data.roles.flatMap((r) => r.dataScopes)) {
    rule.orgUnitCodes = [...new Set(rule.orgUnitCodes.map((code) => (code === unit.code ? target.code : code)))];
  }
  unit.status = 'disabled';
  return movedUsers;
}

/**
 * The org tree as services/src/iam/org-routes.ts: the list by path, new units, and their administration — edit,
 * move with the subtree, disable / enable, merge (issue 20) — with the service's refusals in its order.
 */
export function orgHandlers(ctx: IamContext): RequestHandler[] {
  const { data, base } = ctx;
  const unitOf = (code: string) => data.orgUnits.find((o) => o.code === code);
  const change = (unit: OrgUnit, movedUnits: number, movedUsers: number): Response => HttpResponse.json({ unit, movedUnits, movedUsers } satisfies OrgUnitChange);
  return [
    http.get(`${base}/org-units`, async () => {
      await ctx.wait();
      return HttpResponse.json([...data.orgUnits].sort((a, b) => a.path.localeCompare(b.path)));
    }),
    http.post(`${base}/org-units`, async ({ request }) => {
      await ctx.wait();
      const parsed = createOrgUnitRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const body = parsed.data;
      const parent = unitOf(body.parentCode);
      if (!parent) return invalidField('parentCode', '上级单位不存在');
      if (parent.status === 'disabled') return invalidField('parentCode', '上级单位已停用');
      // SG coding: a child's code extends its parent's code.
      if (!body.code.startsWith(parent.code) || body.code.length <= parent.code.length) return invalidField('code', '单位编码应以上级单位编码开头');
      if (unitOf(body.code)) return conflict('code', '单位编码已存在');
      const unit: OrgUnit = { ...body, path: `${parent.path}/${body.code}`, status: 'active' };
      data.orgUnits.push(unit);
      ctx.audit('iam.org.create', unit.code);
      return HttpResponse.json(unit, { status: 201 });
    }),
    http.put(`${base}/org-units/:code`, onUnit(ctx, updateOrgUnitRequestSchema, (unit, body) => {
      Object.assign(unit, body);
      renameCopies(data, unit);
      ctx.audit('iam.org.update', unit.code);
      return HttpResponse.json(unit);
    })),
    http.post(`${base}/org-units/:code/move`, onUnit(ctx, moveOrgUnitRequestSchema, (unit, { parentCode }) => {
      const parent = targetOf(data, unit, parentCode, 'parentCode', '上级单位不存在', '移动');
      if (parent instanceof Response) return parent;
      if (unit.parentCode === parent.code) return invalidField('parentCode', '已在该上级单位下');
      const movedUnits = moveUnder(data, unit, parent);
      ctx.audit('iam.org.move', unit.code);
      return change(unit, movedUnits, 0);
    })),
    http.put(`${base}/org-units/:code/status`, onUnit(ctx, setOrgUnitStatusRequestSchema, (unit, { status }) => {
      if (status === 'disabled') {
        if (unit.parentCode === null) return invalidField('status', '根单位不能停用');
        const busy = inUse(data, unit);
        if (busy) return busy;
      } else if (unit.parentCode && unitOf(unit.parentCode)?.status === 'disabled') {
        return invalidField('status', '上级单位已停用，请先启用上级单位');
      }
      unit.status = status;
      ctx.audit('iam.org.status', unit.code);
      return HttpResponse.json(unit);
    })),
    http.post(`${base}/org-units/:code/merge`, onUnit(ctx, mergeOrgUnitRequestSchema, (unit, { intoCode }) => {
      const target = targetOf(data, unit, intoCode, 'intoCode', '目标单位不存在', '合并');
      if (target instanceof Response) return target;
      const movedUnits = unit.parentCode === target.code ? 0 : moveUnder(data, unit, target);
      const movedUsers = mergeInto(data, unit, target);
      ctx.audit('iam.org.merge', unit.code);
      return change(unit, movedUnits, movedUsers);
    })),
  ];
}
