/**
 * Domain functions of the customer archive that the `billing` service (电费账务, issue 13, ADR 0035) calls: the
 * billing profile of a 户 (用电类别, 电压等级, 合同容量, 供电所 and its org path) to open its billing account. The
 * billing service never reads the archive's tables itself (ADR 0026).
 */
import type { Queryable } from '@wb/server-kit';

/** What billing needs of a customer. `contractCap` is kW (low voltage) or kVA (high voltage). */
export interface BillingProfile {
  consNo: string;
  name: string;
  category: string;
  elecType: string;
  voltageCode: string;
  contractCap: number;
  orgUnitCode: string;
  orgPath: string;
  status: string;
}

interface Row {
  cons_no: string;
  name: string;
  category: string;
  elec_type: string;
  voltage_code: string;
  contract_cap: string | number;
  org_unit_code: string;
  org_path: string;
  status: string;
}

const toProfile = (r: Row): BillingProfile => ({
  consNo: r.cons_no.trim(),
  name: r.name,
  category: r.category,
  elecType: r.elec_type,
  voltageCode: r.voltage_code,
  contractCap: Number(r.contract_cap),
  orgUnitCode: r.org_unit_code,
  orgPath: r.org_path,
  status: r.status,
});

/** Billing profiles of the given 户号 (unknown ones are left out). */
export async function billingProfiles(q: Queryable, consNos: readonly string[]): Promise<BillingProfile[]> {
  if (consNos.length === 0) return [];
  const rows = await q.query<Row>(
    `SELECT cons_no, name, category, elec_type, voltage_code, contract_cap, org_unit_code, org_path, status
       FROM customer WHERE cons_no = ANY($1::text[]) ORDER BY cons_no`,
    [consNos],
  );
  return rows.map(toProfile);
}

export async function billingProfile(q: Queryable, consNo: string): Promise<BillingProfile | undefined> {
  return (await billingProfiles(q, [consNo]))[0];
}

/** The phones of the given 户号 for billing's 催费 messages (ADR 0043); customers without a phone are left out. */
export async function billingContactPhones(q: Queryable, consNos: readonly string[]): Promise<Map<string, string>> {
  if (consNos.length === 0) return new Map();
  const rows = await q.query<{ cons_no: string; phone: string }>(`SELECT cons_no, phone FROM customer WHERE cons_no = ANY($1::text[]) AND phone <> ''`, [consNos]);
  return new Map(rows.map((r) => [r.cons_no.trim(), r.phone]));
}

/** The 台区 of the given 户号 (billing's 上门催费 goes to the 台区经理 of the customer's own 台区, ADR 0060). */
export async function billingCustomerTgs(q: Queryable, consNos: readonly string[]): Promise<Map<string, string>> {
  if (consNos.length === 0) return new Map();
  const rows = await q.query<{ cons_no: string; tg_id: string }>(`SELECT cons_no, tg_id FROM customer WHERE cons_no = ANY($1::text[])`, [consNos]);
  return new Map(rows.map((r) => [r.cons_no.trim(), r.tg_id]));
}

/**
 * 停电 and 复电 carried out by billing (ADR 0049): the archive's 状态 follows the power — `cutoff` (已停电) after a
 * cut-off, `normal` after 复电. Only customers in normal use or cut off change (暂停, 已销户 stay).
 */
export async function setCustomersPowerCut(q: Queryable, consNos: readonly string[], cut: boolean): Promise<number> {
  if (consNos.length === 0) return 0;
  const rows = await q.query<{ cons_no: string }>(
    `UPDATE customer SET status = $2 WHERE cons_no = ANY($1::text[]) AND status IN ('normal', 'cutoff') AND status <> $2 RETURNING cons_no`,
    [consNos, cut ? 'cutoff' : 'normal'],
  );
  return rows.length;
}

/** A 抄表段 of a 供电所 with its 抄表例日 and the 户号 read in it (billing's 抄表 plans, ADR 0043). */
export interface ReadingSection {
  mrSectNo: string;
  name: string;
  mrDay: number;
  orgUnitCode: string;
  orgPath: string;
  consNos: string[];
}

/** The 抄表段 of a 供电所 (cancelled customers left out), ordered by 例日 and number. */
export async function readingSections(q: Queryable, orgUnitCode: string): Promise<ReadingSection[]> {
  const rows = await q.query<{ mr_sect_no: string; mr_sect_name: string; mr_day: number; org_unit_code: string; org_path: string; cons_nos: string[] | null }>(
    `SELECT s.mr_sect_no, s.mr_sect_name, s.mr_day, s.org_unit_code, u.org_path,
            (SELECT array_agg(trim(c.cons_no) ORDER BY c.cons_no) FROM customer c WHERE c.mr_sect_no = s.mr_sect_no AND c.status <> 'cancelled') AS cons_nos
       FROM mr_sect s JOIN supply_unit u ON u.org_unit_code = s.org_unit_code
      WHERE s.org_unit_code = $1 ORDER BY s.mr_day, s.mr_sect_no`,
    [orgUnitCode],
  );
  return rows.map((r) => ({ mrSectNo: r.mr_sect_no, name: r.mr_sect_name, mrDay: Number(r.mr_day), orgUnitCode: r.org_unit_code, orgPath: r.org_path, consNos: r.cons_nos ?? [] }));
}

/** The 抄表段 of a customer (null when unknown). */
export async function readingSectionOf(q: Queryable, consNo: string): Promise<string | null> {
  const [row] = await q.query<{ mr_sect_no: string }>('SELECT mr_sect_no FROM customer WHERE cons_no = $1', [consNo]);
  return row?.mr_sect_no ?? null;
}
