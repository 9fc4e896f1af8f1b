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
