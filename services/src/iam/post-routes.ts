/** Post assignments (岗位任职): who holds which post in which org unit, when, acting or concurrent. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { assignPostRequestSchema, postBoundInstant } from '@wb/contracts';
import { expiringQuerySchema } from '@wb/contracts/iam-admin';
import type { ExpiringAssignment } from '@wb/contracts/iam-admin';
import { badField, chinaDate, conflict, exists, idParams, isUuid, manage, notFound, requireUser } from './common.ts';
import { assignmentsOf } from './user-queries.ts';

type IdParams = { Params: { id: string } };

export function registerPostRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  app.get('/posts', manage, async () =>
    app.db.query('SELECT code, name, category, status FROM post ORDER BY category, code'),
  );

  // Upcoming expiries (issue 20): assignments of active users that end within `days`, soonest first.
  routes.get('/post-assignments/expiring', { ...manage, schema: { querystring: expiringQuerySchema } }, async (request): Promise<ExpiringAssignment[]> => {
    const now = app.now();
    const until = new Date(now.getTime() + request.query.days * 86_400_000);
    const rows = await app.db.query<Omit<ExpiringAssignment, 'validTo' | 'endsAt'> & { validTo: Date }>(
      `SELECT up.id::text AS id, u.id AS "userId", u.username, u.display_name AS "displayName", up.post_code AS "postCode", p.name AS "postName",
              up.org_unit_code AS "orgUnitCode", o.name AS "orgUnitName", up.valid_to AS "validTo"
         FROM user_post up JOIN sys_user u ON u.id = up.user_id JOIN post p ON p.code = up.post_code JOIN org_unit o ON o.code = up.org_unit_code
        WHERE u.status = 'active' AND up.valid_to > $1 AND up.valid_to <= $2
        ORDER BY up.valid_to, u.username LIMIT 500`,
      [now, until],
    );
    return rows.map((r) => ({ ...r, validTo: chinaDate(r.validTo), endsAt: new Date(r.validTo).toISOString() }));
  });

  app.get<IdParams>('/users/:id/posts', manage, async (request) => {
    const user = await requireUser(app.db, request.params.id);
    return assignmentsOf(app.db, [user.id]);
  });

  routes.post('/users/:id/posts', { ...manage, schema: { params: idParams, body: assignPostRequestSchema } }, async (request, reply) => {
    const body = request.body;
    // Instants (ADR 0073): a date alone is 0:00 of that day in China time.
    const validFrom = body.validFrom ? postBoundInstant(body.validFrom) : null;
    const validTo = body.validTo ? postBoundInstant(body.validTo) : null;
    const user = await requireUser(app.db, request.params.id);
    if (!(await exists(app.db, `SELECT 1 FROM post WHERE code = $1 AND status = 'active'`, [body.postCode]))) throw badField('postCode', '岗位不存在');
    if (!(await exists(app.db, `SELECT 1 FROM org_unit WHERE code = $1 AND status = 'active'`, [body.orgUnitCode]))) throw badField('orgUnitCode', '单位不存在或已停用');
    const id = await app.accessControl.changeGrants(async (tx) => {
      if (body.primary) await tx.query('UPDATE user_post SET is_primary = false WHERE user_id = $1', [user.id]);
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO user_post (user_id, post_code, org_unit_code, is_primary, valid_from, valid_to, is_acting, is_concurrent, granted_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id::text AS id`,
        [user.id, body.postCode, body.orgUnitCode, body.primary, validFrom, validTo, body.acting, body.concurrent, request.principal?.username ?? null],
      );
      if (!row) throw conflict('该用户已在该单位担任该岗位');
      return row.id;
    });
    await app.audit(request, {
      action: 'iam.post.assign',
      target: user.username,
      result: 'success',
      detail: { postCode: body.postCode, orgUnitCode: body.orgUnitCode, validFrom: validFrom?.toISOString() ?? null, validTo: validTo?.toISOString() ?? null },
    });
    const [assignment] = await assignmentsOf(app.db, [user.id], id);
    return reply.code(201).send(assignment);
  });

  app.delete<{ Params: { id: string; assignmentId: string } }>('/users/:id/posts/:assignmentId', manage, async (request, reply) => {
    const user = await requireUser(app.db, request.params.id);
    const { assignmentId } = request.params;
    const removed = isUuid(assignmentId)
      ? await app.accessControl.changeGrants((tx) =>
          tx.query<{ postCode: string; orgUnitCode: string }>(
            'DELETE FROM user_post WHERE id = $1::uuid AND user_id = $2 RETURNING post_code AS "postCode", org_unit_code AS "orgUnitCode"',
            [assignmentId, user.id],
          ),
        )
      : [];
    if (!removed[0]) throw notFound('岗位任职不存在');
    await app.audit(request, { action: 'iam.post.remove', target: user.username, result: 'success', detail: { ...removed[0] } });
    return reply.code(204).send();
  });
}
