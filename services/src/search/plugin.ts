/**
 * 全局搜索 (issue 17, ADR 0066): `GET /api/search?q=&limit=` for the header's Ctrl+K palette. One round trip
 * answers every kind the caller may search; each kind is answered by the owning module's port with the caller's
 * own data scope (the same resolver the module's routes use), so the search shows nothing the caller could not
 * find in the kind's own list:
 *
 * | kind        | needs                 | answered by                                        | scope      |
 * |-------------|-----------------------|----------------------------------------------------|------------|
 * | customer    | cust:archive:view     | customer repository search (`field=auto`)          | `cons`     |
 * | application | yk:apply:view         | connection `applicationsForSearch` (list's match)  | `yk_apply` |
 * | ticket      | kf:ticket:view        | ticket `ticketsForSearch` (list's match, all views)| `ticket`   |
 * | user        | sys:admin:manage      | iam `usersForSearch` (用户管理's match)             | —          |
 *
 * The route itself needs a session; a caller holding none of the four permissions is refused (403), so it stays
 * closed by default. A kind the caller lacks is absent from the answer, never an empty group that hints at it.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CUSTOMER_VIEW_PERMISSION, ErrorCode, IAM_PERMISSION } from '@wb/contracts';
import { YK_VIEW } from '@wb/contracts/connection';
import { KF_TICKET_VIEW } from '@wb/contracts/ticket';
import { SEARCH_KINDS, searchQuerySchema, type SearchGroup, type SearchKind, type SearchResult } from '@wb/contracts/search';
import { AppError, principalOf } from '@wb/server-kit';
import { applicationScopeFromAccess, applicationsForSearch } from '../connection/index.ts';
import { createCustomerRepository, scopeFromAccess } from '../customer/index.ts';
import { usersForSearch } from '../iam/index.ts';
import { allows } from '../identity/index.ts';
import { ticketScopeFromAccess, ticketsForSearch } from '../ticket/index.ts';

export interface SearchPluginOptions {
  /** Searches accepted per user and minute on one instance (a type-ahead sends one per pause). Default 120. */
  perMinute?: number;
  /** The kinds whose module this server runs (default all); a kind left out is never answered. */
  kinds?: readonly SearchKind[];
}

/** The permission that opens each kind (the permission of the kind's own list). */
export const SEARCH_PERMISSIONS: Readonly<Record<SearchKind, string>> = {
  customer: CUSTOMER_VIEW_PERMISSION,
  application: YK_VIEW,
  ticket: KF_TICKET_VIEW,
  user: IAM_PERMISSION,
};

type Answer = (request: FastifyRequest, q: string, limit: number) => Promise<SearchGroup>;

/** The kinds the caller may search, in `SEARCH_KINDS` order (permissions already filtered by zone and channel). */
export function searchableKinds(request: FastifyRequest, served: readonly SearchKind[] = SEARCH_KINDS): SearchKind[] {
  const principal = principalOf(request);
  const context = { zone: request.zone, channel: request.channel };
  return SEARCH_KINDS.filter((kind) => served.includes(kind) && allows(principal, SEARCH_PERMISSIONS[kind], context));
}

const join = (...parts: Array<string | null | undefined>): string => parts.filter((p) => p).join(' · ');

function answers(app: FastifyInstance): Record<SearchKind, Answer> {
  const customers = createCustomerRepository(app.db);
  return {
    async customer(request, q, limit) {
      const found = await customers.search({ q, field: 'auto', page: 1, pageSize: limit }, scopeFromAccess(request));
      return {
        kind: 'customer',
        total: found.total,
        items: found.items.map((c) => ({ kind: 'customer', key: c.consNo, title: c.name, detail: join(c.address, c.orgUnitName) })),
      };
    },
    async application(request, q, limit) {
      const found = await applicationsForSearch(app.db, q, applicationScopeFromAccess(request), app.now(), limit);
      return {
        kind: 'application',
        total: found.total,
        items: found.items.map((a) => ({ kind: 'application', key: a.appNo, title: a.consName, detail: join(a.variantName, a.nodeName, a.orgUnitName) })),
      };
    },
    async ticket(request, q, limit) {
      const found = await ticketsForSearch(app.db, q, ticketScopeFromAccess(request), principalOf(request).username, app.now(), limit);
      return {
        kind: 'ticket',
        total: found.total,
        items: found.items.map((t) => ({ kind: 'ticket', key: t.no, title: t.consName ?? t.contactName, detail: join(t.typeName, t.statusName, t.orgUnitName) })),
      };
    },
    async user(_request, q, limit) {
      const found = await usersForSearch(app.db, q, app.now(), limit);
      return {
        kind: 'user',
        total: found.total,
        items: found.items.map((u) => ({ kind: 'user', key: u.username, title: u.displayName, detail: join(u.username, u.orgUnitName, u.status === 'disabled' ? '已停用' : null) })),
      };
    },
  };
}

/** A fixed one-minute window per user, on this instance (a second instance admits as many again: a guard, not a quota). */
export function createLimiter(perMinute: number, now: () => Date): (userId: string) => boolean {
  let windowStart = 0;
  let counts = new Map<string, number>();
  return (userId) => {
    const at = now().getTime();
    if (at - windowStart >= 60_000) {
      windowStart = at;
      counts = new Map();
    }
    const n = (counts.get(userId) ?? 0) + 1;
    counts.set(userId, n);
    return n <= perMinute;
  };
}

async function searchPlugin(app: FastifyInstance, options: SearchPluginOptions): Promise<void> {
  const byKind = answers(app);
  const served = options.kinds ?? SEARCH_KINDS;
  const admit = createLimiter(options.perMinute ?? 120, () => app.now());
  app.withTypeProvider<ZodTypeProvider>().get('/api/search', { config: { access: 'session' }, schema: { querystring: searchQuerySchema } }, async (request, reply): Promise<SearchResult> => {
    const kinds = searchableKinds(request, served);
    if (kinds.length === 0) throw new AppError(403, ErrorCode.NotAllowed, '您没有可搜索的业务数据');
    if (!admit(principalOf(request).userId)) {
      throw new AppError(429, ErrorCode.TooManyRequests, '搜索过于频繁，请稍后再试', undefined, { headers: { 'retry-after': '60' } });
    }
    const { q, limit } = request.query;
    const groups = await Promise.all(kinds.map((kind) => byKind[kind](request, q, limit)));
    void reply.header('cache-control', 'no-store');
    return { q, groups };
  });
}

export default fp(searchPlugin, { name: 'wb-search', fastify: '5.x', dependencies: ['wb-db', 'wb-identity'] });
