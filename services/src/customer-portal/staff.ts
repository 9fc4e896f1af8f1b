/**
 * Staff administration of 掌上电力 customers' accounts (ADR 0060): list and search (phone digits or a bound 户号),
 * one account with its bound 户号 and payment orders, 停用/启用 (a disabled account's sessions end and it cannot
 * sign in), and removing a bound 户号 on the account holder's or the archive's behalf. Staff routes, closed by
 * `df:portal:manage`; every change If-Match on the account's version, audited with its reason.
 *
 * Phones stay masked: the screen identifies an account by its id and 户号; nothing here reveals the full number.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorCode, versionTag } from '@wb/contracts';
import { DF_PORTAL_MANAGE } from '@wb/contracts/billing';
import {
  maskPortalPhone,
  staffCustomerParamsSchema,
  staffCustomerQuerySchema,
  staffCustomerStatusSchema,
  staffUnbindSchema,
  type StaffCustomer,
  type StaffCustomerDetail,
  type StaffCustomerPage,
  type StaffCustomerQuery,
  type StaffPayOrder,
} from '@wb/contracts/customer-portal';
import { AppError, SqlConditions, assertVersion, bodyOrEmpty, principalOf, requireIfMatch, requires, withEtag } from '@wb/server-kit';
import type { Db, Queryable } from '@wb/server-kit';
import { customersByConsNos } from './ports.ts';

interface CustomerRow {
  id: string;
  phone: string;
  status: 'ACTIVE' | 'DISABLED';
  disabled_reason: string | null;
  created_at: Date;
  last_login_at: Date | null;
  bindings: string[] | null;
  orders: number;
  version: number;
}

const COLUMNS = `c.id::text AS id, c.phone, c.status, c.disabled_reason, c.created_at, c.last_login_at, c.version,
  (SELECT array_agg(b.cons_no ORDER BY b.cons_no) FROM cp_binding b WHERE b.customer_id = c.id) AS bindings,
  (SELECT count(*)::int FROM cp_pay_order o WHERE o.customer_id = c.id) AS orders`;

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
const notFound = (): AppError => new AppError(404, ErrorCode.NotFound, '未找到该掌上电力账号');

const toCustomer = (r: CustomerRow): StaffCustomer => ({
  id: r.id,
  phone: maskPortalPhone(r.phone),
  status: r.status,
  disabledReason: r.disabled_reason,
  createdAt: iso(r.created_at)!,
  lastLoginAt: iso(r.last_login_at),
  bindings: r.bindings ?? [],
  orders: Number(r.orders),
  version: Number(r.version),
});

export function createStaffAccounts(deps: { db: Db }) {
  const { db } = deps;

  async function row(q: Queryable, id: string, lock = false): Promise<CustomerRow> {
    const [r] = await q.query<CustomerRow>(`SELECT ${COLUMNS} FROM cp_customer c WHERE c.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    if (!r) throw notFound();
    return r;
  }

  return {
    async list(query: StaffCustomerQuery): Promise<StaffCustomerPage> {
      const where = new SqlConditions();
      if (query.status) where.addWith('c.status = ?', query.status);
      if (query.q) {
        // 10 digits: a bound 户号 or a phone fragment; otherwise digits of the phone.
        if (query.q.length === 10) where.addWith(`(EXISTS (SELECT 1 FROM cp_binding b WHERE b.customer_id = c.id AND b.cons_no = ?) OR c.phone LIKE '%' || ? || '%')`, query.q, query.q);
        else where.addWith(`c.phone LIKE '%' || ? || '%'`, query.q);
      }
      const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cp_customer c ${where.where()}`, where.params);
      const rows = await db.query<CustomerRow>(
        `SELECT ${COLUMNS} FROM cp_customer c ${where.where()} ORDER BY c.id DESC LIMIT ${where.param(query.pageSize)} OFFSET ${where.param((query.page - 1) * query.pageSize)}`,
        where.params,
      );
      return { items: rows.map(toCustomer), total: count?.n ?? 0, page: query.page, pageSize: query.pageSize };
    },

    async detail(id: string): Promise<StaffCustomerDetail> {
      const customer = await row(db, id);
      const bound = await db.query<{ cons_no: string; created_at: Date }>('SELECT cons_no, created_at FROM cp_binding WHERE customer_id = $1 ORDER BY created_at, cons_no', [id]);
      const names = new Map((await customersByConsNos(db, bound.map((b) => b.cons_no))).map((c) => [c.consNo, c.name]));
      const orders = await db.query<{ out_trade_no: string; cons_no: string; amount_fen: string; status: StaffPayOrder['status']; settled_by: StaffPayOrder['settledBy']; created_at: Date; paid_at: Date | null; payment_id: string | null }>(
        `SELECT out_trade_no, cons_no, amount_fen, status, settled_by, created_at, paid_at, payment_id::text AS payment_id
           FROM cp_pay_order WHERE customer_id = $1 ORDER BY created_at DESC, out_trade_no DESC LIMIT 50`,
        [id],
      );
      return {
        customer: toCustomer(customer),
        bindings: bound.map((b) => ({ consNo: b.cons_no, name: names.get(b.cons_no) ?? '', createdAt: iso(b.created_at)! })),
        orders: orders.map((o) => ({
          outTradeNo: o.out_trade_no, consNo: o.cons_no, amountFen: Number(o.amount_fen), status: o.status, settledBy: o.settled_by,
          createdAt: iso(o.created_at)!, paidAt: iso(o.paid_at), paymentId: o.payment_id,
        })),
      };
    },

    /** 停用 ends every session of the account; 启用 lets it sign in again. Setting the status it has is a 409. */
    async setStatus(id: string, version: number, input: { status: 'ACTIVE' | 'DISABLED'; reason: string }): Promise<StaffCustomer> {
      await db.transaction(async (tx) => {
        const r = await row(tx, id, true);
        assertVersion(version, Number(r.version), '账号已被他人修改，请刷新后重试');
        if (r.status === input.status) throw new AppError(409, ErrorCode.Conflict, input.status === 'DISABLED' ? '该账号已停用' : '该账号未停用');
        await tx.query('UPDATE cp_customer SET status = $2, disabled_reason = $3, version = version + 1 WHERE id = $1', [
          id, input.status, input.status === 'DISABLED' ? input.reason : null,
        ]);
        if (input.status === 'DISABLED') await tx.query('DELETE FROM cp_session WHERE customer_id = $1', [id]);
      });
      return toCustomer(await row(db, id));
    },

    async unbind(id: string, version: number, consNo: string): Promise<StaffCustomer> {
      await db.transaction(async (tx) => {
        const r = await row(tx, id, true);
        assertVersion(version, Number(r.version), '账号已被他人修改，请刷新后重试');
        const gone = await tx.query('DELETE FROM cp_binding WHERE customer_id = $1 AND cons_no = $2 RETURNING cons_no', [id, consNo]);
        if (gone.length === 0) throw new AppError(404, ErrorCode.NotFound, '该账号未绑定此户号');
        await tx.query('UPDATE cp_customer SET version = version + 1 WHERE id = $1', [id]);
      });
      return toCustomer(await row(db, id));
    },
  };
}

export type StaffAccounts = ReturnType<typeof createStaffAccounts>;

/** The staff routes (session of the staff realm, `df:portal:manage`). */
export function registerStaffRoutes(app: FastifyInstance, staff: StaffAccounts): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const access = requires(DF_PORTAL_MANAGE);
  routes.get('/staff/customers', { config: access, schema: { querystring: staffCustomerQuerySchema } }, async (request) => staff.list(request.query));
  routes.get('/staff/customers/:id', { config: access, schema: { params: staffCustomerParamsSchema } }, async (request, reply) => {
    const detail = await staff.detail(request.params.id);
    void reply.header('etag', versionTag(detail.customer.version));
    return detail;
  });
  routes.post('/staff/customers/:id/status', { config: access, schema: { params: staffCustomerParamsSchema, body: bodyOrEmpty(staffCustomerStatusSchema) } }, async (request, reply) => {
    const version = requireIfMatch(request);
    const customer = await staff.setStatus(request.params.id, version, request.body);
    await app.audit(request, {
      action: request.body.status === 'DISABLED' ? 'cportal.staff.disable' : 'cportal.staff.enable',
      target: `customer ${request.params.id}`,
      result: 'success',
      detail: { by: principalOf(request).username, reason: request.body.reason },
    });
    return withEtag(reply, customer);
  });
  routes.post('/staff/customers/:id/unbind', { config: access, schema: { params: staffCustomerParamsSchema, body: bodyOrEmpty(staffUnbindSchema) } }, async (request, reply) => {
    const version = requireIfMatch(request);
    const customer = await staff.unbind(request.params.id, version, request.body.consNo);
    await app.audit(request, {
      action: 'cportal.staff.unbind',
      target: `customer ${request.params.id}`,
      result: 'success',
      detail: { by: principalOf(request).username, consNo: request.body.consNo, reason: request.body.reason },
    });
    return withEtag(reply, customer);
  });
}
