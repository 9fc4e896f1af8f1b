import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createOrgUnitRequestSchema, orgUnitCodeSchema } from '@wb/contracts';
import { mergeOrgUnitRequestSchema, moveOrgUnitRequestSchema, setOrgUnitStatusRequestSchema, updateOrgUnitRequestSchema } from '@wb/contracts/iam-admin';
import type { OrgUnit } from '@wb/contracts';
import type { OrgUnitChange } from '@wb/contracts/iam-admin';
import type { Queryable } from '@wb/server-kit';
import { badField, conflict, manage, notFound } from './common.ts';

const COLUMNS = `code, name, type, parent_code AS "parentCode", path, status`;
const LIST_SQL = `SELECT ${COLUMNS} FROM org_unit ORDER BY path`;

/** A module's rewrite of its own copies of org paths (services/src/org-path-rewriters.ts), run in the move's transaction. */
export type OrgPathRewriter = (tx: Queryable, oldPath: string, newPath: string) => Promise<void>;

export interface OrgRouteOptions {
  orgPathRewriters: readonly OrgPathRewriter[];
}

const codeParams = z.object({ code: orgUnitCodeSchema });

async function unitOf(db: Queryable, code: string): Promise<OrgUnit> {
  const [unit] = await db.query<OrgUnit>(`SELECT ${COLUMNS} FROM org_unit WHERE code = $1`, [code]);
  if (!unit) throw notFound('单位不存在');
  return unit;
}

const inSubtree = (path: string, root: string): boolean => path === root || path.startsWith(`${root}/`);

/**
 * Org tree (as a list ordered by path, so parents come before children), new org units, and their
 * administration: edit, move with the subtree, disable, merge (issue 20). Moves and merges bump the grant version
 * (people's data scope is anchored at their unit's path) and rewrite every module's copies of the paths.
 */
export function registerOrgRoutes(app: FastifyInstance, options: OrgRouteOptions): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  app.get('/org-units', manage, async (): Promise<OrgUnit[]> => app.db.query<OrgUnit>(LIST_SQL));

  routes.post('/org-units', { ...manage, schema: { body: createOrgUnitRequestSchema } }, async (request, reply) => {
    const body = request.body;
    const unit = await app.db.transaction(async (tx) => {
      const [parent] = await tx.query<{ path: string; status: string }>('SELECT path, status FROM org_unit WHERE code = $1', [body.parentCode]);
      if (!parent) throw badField('parentCode', '上级单位不存在');
      if (parent.status === 'disabled') throw badField('parentCode', '上级单位已停用');
      // SG coding: a child's code extends its parent's code.
      if (!body.code.startsWith(body.parentCode) || body.code.length <= body.parentCode.length) {
        throw badField('code', '单位编码应以上级单位编码开头');
      }
      const [row] = await tx.query<OrgUnit>(
        `INSERT INTO org_unit (code, name, type, parent_code, path) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
        [body.code, body.name, body.type, body.parentCode, `${parent.path}/${body.code}`],
      );
      if (!row) throw conflict('单位编码已存在', { code: '单位编码已存在' });
      return row;
    });
    await app.audit(request, { action: 'iam.org.create', target: unit.code, result: 'success', detail: { name: unit.name, parentCode: unit.parentCode } });
    return reply.code(201).send(unit);
  });

  routes.put('/org-units/:code', { ...manage, schema: { params: codeParams, body: updateOrgUnitRequestSchema } }, async (request) => {
    const before = await unitOf(app.db, request.params.code);
    const [unit] = await app.db.query<OrgUnit>(`UPDATE org_unit SET name = $2, type = $3 WHERE code = $1 RETURNING ${COLUMNS}`, [
      before.code,
      request.body.name,
      request.body.type,
    ]);
    await app.audit(request, {
      action: 'iam.org.update',
      target: before.code,
      result: 'success',
      detail: { before: { name: before.name, type: before.type }, after: request.body },
    });
    return unit as OrgUnit;
  });

  /** Moves `unit` (and its subtree) under `parent` in `tx`: identity's paths and every module's copies. */
  const moveUnder = async (tx: Queryable, unit: OrgUnit, parent: OrgUnit): Promise<{ newPath: string; movedUnits: number }> => {
    const newPath = `${parent.path}/${unit.code}`;
    const moved = await tx.query(
      `UPDATE org_unit SET path = $2 || substr(path, length($1) + 1),
              parent_code = CASE WHEN code = $3 THEN $4 ELSE parent_code END
        WHERE path = $1 OR starts_with(path, $1 || '/') RETURNING code`,
      [unit.path, newPath, unit.code, parent.code],
    );
    for (const rewrite of options.orgPathRewriters) await rewrite(tx, unit.path, newPath);
    return { newPath, movedUnits: moved.length };
  };

  const checkTarget = (unit: OrgUnit, target: OrgUnit, field: string, what: string): void => {
    if (unit.parentCode === null) throw badField(field, `根单位不能${what}`);
    if (inSubtree(target.path, unit.path)) throw badField(field, `不能${what}到本单位或其下级单位`);
    if (target.status === 'disabled') throw badField(field, '目标单位已停用');
  };

  routes.post('/org-units/:code/move', { ...manage, schema: { params: codeParams, body: moveOrgUnitRequestSchema } }, async (request): Promise<OrgUnitChange> => {
    const unit = await unitOf(app.db, request.params.code);
    const parent = await unitOf(app.db, request.body.parentCode).catch(() => {
      throw badField('parentCode', '上级单位不存在');
    });
    checkTarget(unit, parent, 'parentCode', '移动');
    if (unit.parentCode === parent.code) throw badField('parentCode', '已在该上级单位下');
    const { movedUnits } = await app.accessControl.changeGrants((tx) => moveUnder(tx, unit, parent));
    await app.audit(request, {
      action: 'iam.org.move',
      target: unit.code,
      result: 'success',
      detail: { fromParent: unit.parentCode, toParent: parent.code, fromPath: unit.path, movedUnits },
    });
    return { unit: await unitOf(app.db, unit.code), movedUnits, movedUsers: 0 };
  });

  routes.put('/org-units/:code/status', { ...manage, schema: { params: codeParams, body: setOrgUnitStatusRequestSchema } }, async (request) => {
    const unit = await unitOf(app.db, request.params.code);
    const { status } = request.body;
    if (status === 'disabled') {
      if (unit.parentCode === null) throw badField('status', '根单位不能停用');
      const [use] = await app.db.query<{ children: number; users: number; posts: number }>(
        `SELECT (SELECT count(*)::int FROM org_unit WHERE parent_code = $1 AND status = 'active') AS children,
                (SELECT count(*)::int FROM sys_user WHERE org_unit_code = $1 AND status = 'active') AS users,
                (SELECT count(*)::int FROM user_post WHERE org_unit_code = $1 AND (valid_to IS NULL OR valid_to > $2)) AS posts`,
        [unit.code, app.now()],
      );
      if (use && use.children > 0) throw conflict(`该单位还有 ${use.children} 个启用的下级单位，请先停用或移走下级单位`);
      if (use && use.users > 0) throw conflict(`该单位还有 ${use.users} 名在用人员，请先调出或停用这些用户（或将本单位合并到其他单位）`);
      if (use && use.posts > 0) throw conflict(`该单位还有 ${use.posts} 条有效的岗位任职，请先结束这些任职（或将本单位合并到其他单位）`);
    } else if (unit.parentCode) {
      const parent = await unitOf(app.db, unit.parentCode);
      if (parent.status === 'disabled') throw badField('status', '上级单位已停用，请先启用上级单位');
    }
    const [row] = await app.accessControl.changeGrants((tx) => tx.query<OrgUnit>(`UPDATE org_unit SET status = $2 WHERE code = $1 RETURNING ${COLUMNS}`, [unit.code, status]));
    await app.audit(request, { action: 'iam.org.status', target: unit.code, result: 'success', detail: { status } });
    return row as OrgUnit;
  });

  routes.post('/org-units/:code/merge', { ...manage, schema: { params: codeParams, body: mergeOrgUnitRequestSchema } }, async (request): Promise<OrgUnitChange> => {
    const unit = await unitOf(app.db, request.params.code);
    const target = await unitOf(app.db, request.body.intoCode).catch(() => {
      throw badField('intoCode', '目标单位不存在');
    });
    checkTarget(unit, target, 'intoCode', '合并');
    const result = await app.accessControl.changeGrants(async (tx) => {
      const moved = unit.parentCode === target.code ? { movedUnits: 0 } : await moveUnder(tx, unit, target);
      const users = await tx.query('UPDATE sys_user SET org_unit_code = $2 WHERE org_unit_code = $1 RETURNING id', [unit.code, target.code]);
      // A post held in both units stays once (the target's).
      await tx.query(
        `DELETE FROM user_post s WHERE s.org_unit_code = $1
           AND EXISTS (SELECT 1 FROM user_post t WHERE t.user_id = s.user_id AND t.post_code = s.post_code AND t.org_unit_code = $2)`,
        [unit.code, target.code],
      );
      await tx.query('UPDATE user_post SET org_unit_code = $2 WHERE org_unit_code = $1', [unit.code, target.code]);
      await tx.query('UPDATE user_role SET org_unit_code = $2 WHERE org_unit_code = $1', [unit.code, target.code]);
      await tx.query(
        `DELETE FROM data_scope_org s WHERE s.org_unit_code = $1
           AND EXISTS (SELECT 1 FROM data_scope_org t WHERE t.rule_id = s.rule_id AND t.org_unit_code = $2)`,
        [unit.code, target.code],
      );
      await tx.query('UPDATE data_scope_org SET org_unit_code = $2 WHERE org_unit_code = $1', [unit.code, target.code]);
      await tx.query(`UPDATE org_unit SET status = 'disabled' WHERE code = $1`, [unit.code]);
      return { movedUnits: moved.movedUnits, movedUsers: users.length };
    });
    await app.audit(request, {
      action: 'iam.org.merge',
      target: unit.code,
      result: 'success',
      detail: { into: target.code, fromPath: unit.path, ...result },
    });
    return { unit: await unitOf(app.db, unit.code), ...result };
  });
}
