/**
 * Domain functions of the customer archive that the `ticket` service (95598 客服工单, issue 12, ADR 0029) calls:
 * who is calling (customers by phone or its last four digits, 户号, name, address), and a customer's 供电所 and
 * 台区 to route a ticket. The ticket service never reads the archive's tables itself (ADR 0026).
 */
import { containsPattern, escapeLike } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';

/** A customer as the 95598 desk needs it. `phone` is in clear: the ticket service masks it in its answers. */
export interface TicketCustomer {
  consNo: string;
  name: string;
  address: string;
  phone: string;
  category: string;
  status: string;
  orgUnitCode: string;
  orgUnitName: string;
  orgPath: string;
  tgId: string;
  tgName: string;
}

export type CallerLookupField = 'consNo' | 'phoneTail' | 'phone' | 'name' | 'address';

interface Row {
  cons_no: string;
  name: string;
  address: string;
  phone: string;
  category: string;
  status: string;
  org_unit_code: string;
  org_unit_name: string;
  org_path: string;
  tg_id: string;
  tg_name: string;
}

const SELECT = `SELECT c.cons_no, c.name, c.address, c.phone, c.category, c.status, c.org_unit_code, u.org_unit_name, c.org_path,
    c.tg_id, t.tg_name
  FROM customer c JOIN supply_unit u ON u.org_unit_code = c.org_unit_code JOIN tg t ON t.tg_id = c.tg_id`;

const toCustomer = (r: Row): TicketCustomer => ({
  consNo: r.cons_no.trim(),
  name: r.name,
  address: r.address,
  phone: r.phone,
  category: r.category,
  status: r.status,
  orgUnitCode: r.org_unit_code,
  orgUnitName: r.org_unit_name,
  orgPath: r.org_path,
  tgId: r.tg_id,
  tgName: r.tg_name,
});

/**
 * How a 95598 agent's one search box reads `q`: 10 digits 户号; 4 digits the phone's last four; a mobile or a
 * fixed line (7–12 digits) the full phone; CJK text of up to 4 characters a name (prefix), longer text an address.
 */
export function callerLookupField(q: string): CallerLookupField {
  const digits = q.replace(/[\s-]/g, '');
  if (/^\d+$/.test(digits)) {
    if (digits.length === 10 && !digits.startsWith('0')) return 'consNo';
    if (digits.length === 4) return 'phoneTail';
    return 'phone';
  }
  return [...q].length <= 4 ? 'name' : 'address';
}

/** Customers matching one search-box query (at most `limit`, by 户号). */
export async function lookupCallers(q: Queryable, query: string, limit = 20): Promise<{ field: CallerLookupField; customers: TicketCustomer[] }> {
  const field = callerLookupField(query);
  const digits = query.replace(/[\s-]/g, '');
  let where: string;
  let param: string;
  switch (field) {
    case 'consNo':
      where = 'c.cons_no = $1';
      param = digits;
      break;
    case 'phoneTail':
      // Served by customer_phone_tail_idx (customer/002).
      where = 'right(c.phone, 4) = $1';
      param = digits;
      break;
    case 'phone':
      where = 'c.phone = $1';
      param = digits;
      break;
    case 'name':
      where = 'c.name LIKE $1';
      param = `${escapeLike(query.trim())}%`;
      break;
    case 'address':
      where = 'c.address LIKE $1';
      param = containsPattern(query.trim());
      break;
  }
  const rows = await q.query<Row>(`${SELECT} WHERE ${where} ORDER BY c.cons_no LIMIT ${Math.max(1, Math.min(limit, 100))}`, [param]);
  return { field, customers: rows.map(toCustomer) };
}

/** The customers with this phone (several may share one), by 户号. */
export async function customersByPhone(q: Queryable, phone: string, limit = 20): Promise<TicketCustomer[]> {
  const rows = await q.query<Row>(`${SELECT} WHERE c.phone = $1 ORDER BY c.cons_no LIMIT ${Math.max(1, Math.min(limit, 100))}`, [phone]);
  return rows.map(toCustomer);
}

/** One customer with its 供电所 and 台区, or undefined. */
export async function customerForTicket(q: Queryable, consNo: string): Promise<TicketCustomer | undefined> {
  const [row] = await q.query<Row>(`${SELECT} WHERE c.cons_no = $1`, [consNo]);
  return row ? toCustomer(row) : undefined;
}

/** Customers by 户号 (for lists of tickets' callers). */
export async function customersByConsNos(q: Queryable, consNos: readonly string[]): Promise<TicketCustomer[]> {
  if (consNos.length === 0) return [];
  const rows = await q.query<Row>(`${SELECT} WHERE c.cons_no = ANY($1::text[]) ORDER BY c.cons_no`, [[...consNos]]);
  return rows.map(toCustomer);
}

/**
 * The phone of the `n`-th customer with a mobile phone (modulo their number), for 模拟来电 and the ticket seed:
 * deterministic for a given archive. Undefined when no customer has one.
 */
export async function nthCustomerPhone(q: Queryable, n: number): Promise<string | undefined> {
  const [count] = await q.query<{ n: number }>("SELECT count(*)::int AS n FROM customer c WHERE c.phone LIKE '1%'");
  const total = Number(count?.n ?? 0);
  if (total === 0) return undefined;
  const [row] = await q.query<{ phone: string }>("SELECT c.phone FROM customer c WHERE c.phone LIKE '1%' ORDER BY c.cons_no OFFSET $1 LIMIT 1", [
    Math.abs(Math.trunc(n)) % total,
  ]);
  return row?.phone;
}

/** 台区 by id with their 供电所 (to check an outage's scope). */
export async function tgsByIds(q: Queryable, tgIds: readonly string[]): Promise<Array<{ tgId: string; tgName: string; orgUnitCode: string; orgPath: string }>> {
  if (tgIds.length === 0) return [];
  const rows = await q.query<{ tg_id: string; tg_name: string; org_unit_code: string; org_path: string }>(
    `SELECT t.tg_id, t.tg_name, t.org_unit_code, u.org_path FROM tg t JOIN supply_unit u ON u.org_unit_code = t.org_unit_code
      WHERE t.tg_id = ANY($1::text[]) ORDER BY t.tg_id`,
    [[...tgIds]],
  );
  return rows.map((r) => ({ tgId: r.tg_id, tgName: r.tg_name, orgUnitCode: r.org_unit_code, orgPath: r.org_path }));
}

/** 台区 of a 供电所 (for the outage seed and the 停电信息 form), by id. */
export async function tgsOfUnit(q: Queryable, orgUnitCode: string): Promise<Array<{ tgId: string; tgName: string; tgType: string }>> {
  const rows = await q.query<{ tg_id: string; tg_name: string; tg_type: string }>('SELECT tg_id, tg_name, tg_type FROM tg WHERE org_unit_code = $1 ORDER BY tg_id', [orgUnitCode]);
  return rows.map((r) => ({ tgId: r.tg_id, tgName: r.tg_name, tgType: r.tg_type }));
}

/** Customers in 户号 order, `offset`/`limit` (the ticket seed picks its callers this way). */
export async function customersPage(q: Queryable, offset: number, limit: number): Promise<TicketCustomer[]> {
  const rows = await q.query<Row>(`${SELECT} ORDER BY c.cons_no OFFSET $1 LIMIT $2`, [offset, limit]);
  return rows.map(toCustomer);
}

/** Customers of one 供电所 with a mobile phone, in 户号 order (the ticket seed's open tickets call from these). */
export async function customersOfUnit(q: Queryable, orgUnitCode: string, limit: number): Promise<TicketCustomer[]> {
  const rows = await q.query<Row>(`${SELECT} WHERE c.org_unit_code = $1 AND c.phone LIKE '1%' ORDER BY c.cons_no LIMIT $2`, [orgUnitCode, limit]);
  return rows.map(toCustomer);
}

/** Number of customers in the archive. */
export async function customerCount(q: Queryable): Promise<number> {
  const [row] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM customer');
  return Number(row?.n ?? 0);
}

/** Every 供电所 that serves customers (the units a ticket may be dispatched to), in code order. */
export async function supplyUnits(q: Queryable): Promise<Array<{ code: string; name: string }>> {
  const rows = await q.query<{ org_unit_code: string; org_unit_name: string }>('SELECT org_unit_code, org_unit_name FROM supply_unit ORDER BY org_unit_code');
  return rows.map((r) => ({ code: r.org_unit_code, name: r.org_unit_name }));
}
