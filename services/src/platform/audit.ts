import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditEntry, Migration } from '@wb/server-kit';

export const auditMigrations: Migration[] = [
  {
    id: 'platform/001_audit_log',
    sql: `
CREATE TABLE audit_log (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at       timestamptz NOT NULL,
  actor    text,            -- username (or the name tried in a failed login); NULL when anonymous
  actor_id text,            -- sys_user.id when known
  action   text NOT NULL,   -- e.g. identity.login, access.denied, svc.call
  target   text,
  result   text NOT NULL CHECK (result IN ('success', 'failure', 'denied', 'error')),
  ip       text,
  zone     text,
  channel  text,
  detail   jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, at);
`,
  },
];

/** Decorates `app.audit(request, entry)` (docs/quality.md S14). Needs `auditMigrations` applied. */
async function auditPlugin(app: FastifyInstance): Promise<void> {
  app.decorate('audit', async (request: FastifyRequest | null, entry: AuditEntry): Promise<void> => {
    const principal = request?.principal ?? null;
    try {
      await app.db.query(
        `INSERT INTO audit_log (at, actor, actor_id, action, target, result, ip, zone, channel, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb)`,
        [
          app.now(),
          entry.actor !== undefined ? entry.actor : (principal?.username ?? null),
          principal?.userId ?? null,
          entry.action,
          entry.target ?? null,
          entry.result,
          request?.ip ?? null,
          request?.zone ?? null,
          request?.channel ?? null,
          JSON.stringify(entry.detail ?? {}),
        ],
      );
    } catch (err) {
      (request?.log ?? app.log).error({ err, action: entry.action }, 'audit record could not be written');
    }
  });
}

export default fp(auditPlugin, { name: 'wb-audit', fastify: '5.x', dependencies: ['wb-db'] });
