import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createOrgUnitRequestSchema } from '@wb/contracts';
import type { OrgUnit } from '@wb/contracts';
import { badField, conflict, manage } from './common.ts';

const LIST_SQL = `SELECT code, name, type, parent_code AS "parentCode", path, status FROM org_unit ORDER BY path`;

/** Org tree (as a list ordered by path, so parents come before children) and new org units. */
export function registerOrgRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  app.get('/org-units', manage, async (): Promise<OrgUnit[]> => app.db.query<OrgUnit>(LIST_SQL));

  routes.post('/org-units', { ...manage, schema: { body: createOrgUnitRequestSchema } }, async (request, reply) => {
    const body = request.body;
    const unit = await app.db.transaction(async (tx) => {
      const [parent] = await tx.query<{ path: string }>('SELECT path FROM org_unit WHERE code = $1', [body.parentCode]);
      if (!parent) throw badField('parentCode', '上级单位不存在');
      // SG coding: a child's code extends its parent's code.
      if (!body.code.startsWith(body.parentCode) || body.code.length <= body.parentCode.length) {
        throw badField('code', '单位编码应以上级单位编码开头');
      }
      const [row] = await tx.query<OrgUnit>(
        `INSERT INTO org_unit (code, name, type, parent_code, path) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING code, name, type, parent_code AS "parentCode", path, status`,
        [body.code, body.name, body.type, body.parentCode, `${parent.path}/${body.code}`],
      );
      if (!row) throw conflict('单位编码已存在', { code: '单位编码已存在' });
      return row;
    });
    await app.audit(request, { action: 'iam.org.create', target: unit.code, result: 'success', detail: { name: unit.name, parentCode: unit.parentCode } });
    return reply.code(201).send(unit);
  });
}
