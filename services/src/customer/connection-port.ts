/**
 * Domain functions of the customer archive that the `connection` service (业扩报装) calls inside its own
 * transaction (issue 5): the open capacity of a 台区 for the 供电方案 check, and 建档立户 at 归档 — the new
 * customer and meter are written in the same commit as the archive step, so 客户档案 shows them at once.
 */
import type { Queryable } from '@wb/server-kit';

/**
 * Diversity factor (同时系数) of connected low-voltage load on a public transformer (公变): customers do not
 * draw their contracted load at the same time. Specialized transformers (专变) serve one customer: factor 1.
 */
export const PUBLIC_TG_DIVERSITY = 0.3;
/** Economic load rate (经济负载率) a transformer is planned to, as share of its rating. */
export const TG_LOAD_RATE = 0.8;

export interface TgCapacity {
  tgId: string;
  tgName: string;
  tgType: string;
  orgUnitCode: string;
  capacityKva: number;
  /** Σ 合同容量 of the customers on the 台区 that are not cancelled (kW, ≈ kVA at power factor ~1). */
  connectedKw: number;
  /** 可开放容量 = capacity × TG_LOAD_RATE − connected × diversity, floored at 0, whole kVA. */
  openKva: number;
}

interface TgRow {
  tg_id: string;
  tg_name: string;
  tg_type: string;
  org_unit_code: string;
  capacity_kva: number;
  connected: number;
}

const TG_CAPACITY_SQL = `SELECT t.tg_id, t.tg_name, t.tg_type, t.org_unit_code, t.capacity_kva,
    COALESCE((SELECT sum(c.contract_cap) FROM customer c WHERE c.tg_id = t.tg_id AND c.status <> 'cancelled'), 0)::float8 AS connected
  FROM tg t`;

function toCapacity(row: TgRow): TgCapacity {
  const diversity = row.tg_type === '专变' ? 1 : PUBLIC_TG_DIVERSITY;
  const open = Math.floor(row.capacity_kva * TG_LOAD_RATE - Number(row.connected) * diversity);
  return {
    tgId: row.tg_id,
    tgName: row.tg_name,
    tgType: row.tg_type,
    orgUnitCode: row.org_unit_code,
    capacityKva: row.capacity_kva,
    connectedKw: Number(row.connected),
    openKva: Math.max(0, open),
  };
}

/** Open capacity of one 台区, or undefined when it does not exist. */
export async function openCapacity(q: Queryable, tgId: string): Promise<TgCapacity | undefined> {
  const [row] = await q.query<TgRow>(`${TG_CAPACITY_SQL} WHERE t.tg_id = $1`, [tgId]);
  return row ? toCapacity(row) : undefined;
}

/** Public 台区 (公变) of a 供电所 with their open capacity, for the survey and scheme selects. */
export async function publicTgsOf(q: Queryable, orgUnitCode: string): Promise<TgCapacity[]> {
  const rows = await q.query<TgRow>(`${TG_CAPACITY_SQL} WHERE t.org_unit_code = $1 AND t.tg_type = '公变' ORDER BY t.tg_id`, [orgUnitCode]);
  return rows.map(toCapacity);
}

export interface NewCustomerInput {
  name: string;
  address: string;
  phone: string;
  category: '低压居民' | '低压非居民' | '高压';
  elecType: string;
  voltageCode: string;
  /** kW low voltage, kVA high voltage. */
  contractCap: number;
  /** 供电所 (9-digit org unit). */
  orgUnitCode: string;
  /** 台区 of a low-voltage customer; high voltage gets a new 专变 台区 of `contractCap` kVA. */
  tgId?: string | undefined;
  meterAssetNo: string;
  /** 'YYYY-MM-DD' */
  powerOnDate: string;
}

/**
 * New 户号 of customers created by 业扩: `7` + the 供电所's 3-digit suffix + a 6-digit sequence per 供电所.
 * The seeded archive numbers start with `3` (seed/customers-generator.ts), so the two ranges cannot collide.
 */
export const CONNECTION_CONS_PREFIX = '7';

function consPrefixOf(orgUnitCode: string): string {
  return `${CONNECTION_CONS_PREFIX}${orgUnitCode.slice(6, 9)}`;
}

/**
 * 抄表段 of a new customer: high voltage the 供电所's 高压专变抄表段 (read on day 1, see seed/customers-places.ts);
 * low voltage the section of its 台区's customers, or the 供电所's first section for a 台区 without customers.
 */
async function mrSectFor(tx: Queryable, input: NewCustomerInput, tgId: string): Promise<string> {
  const [sect] =
    input.category === '高压'
      ? await tx.query<{ mr_sect_no: string }>('SELECT mr_sect_no FROM mr_sect WHERE org_unit_code = $1 ORDER BY mr_day, mr_sect_no DESC LIMIT 1', [input.orgUnitCode])
      : await tx.query<{ mr_sect_no: string }>(
          `SELECT COALESCE((SELECT c.mr_sect_no FROM customer c WHERE c.tg_id = $2 LIMIT 1),
             (SELECT m.mr_sect_no FROM mr_sect m WHERE m.org_unit_code = $1 ORDER BY m.mr_sect_no LIMIT 1)) AS mr_sect_no`,
          [input.orgUnitCode, tgId],
        );
  if (!sect?.mr_sect_no) throw new Error(`no 抄表段 in ${input.orgUnitCode}`);
  return sect.mr_sect_no;
}

/**
 * 建档立户: creates the customer (户), its meter, and for high voltage its 专变 台区, in the caller's
 * transaction. The 户号 sequence is serialized by a transaction-scoped advisory lock per 供电所.
 * Throws when the 供电所, 台区 or its 抄表段 is missing (the caller validated them before).
 */
export async function createCustomerFromConnection(tx: Queryable, input: NewCustomerInput): Promise<{ consNo: string; tgId: string }> {
  const [unit] = await tx.query<{ org_path: string }>('SELECT org_path FROM supply_unit WHERE org_unit_code = $1', [input.orgUnitCode]);
  if (!unit) throw new Error(`supply unit ${input.orgUnitCode} not in the customer archive`);
  const prefix = consPrefixOf(input.orgUnitCode);
  await tx.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':wb-cons-no:' || $1))", [prefix]);
  const [last] = await tx.query<{ max: string | null }>(
    "SELECT max(cons_no) AS max FROM customer WHERE cons_no BETWEEN $1 || '000000' AND $1 || '999999'",
    [prefix],
  );
  const seq = last?.max ? Number(last.max.slice(4)) + 1 : 1;
  if (seq > 999_999) throw new Error(`户号 range ${prefix} exhausted`);
  const consNo = `${prefix}${String(seq).padStart(6, '0')}`;

  let tgId = input.tgId;
  if (input.category === '高压') {
    tgId = `${input.orgUnitCode}8${String(seq).padStart(5, '0').slice(-5)}`;
    await tx.query("INSERT INTO tg (tg_id, tg_name, tg_type, capacity_kva, org_unit_code) VALUES ($1, $2, '专变', $3, $4)", [
      tgId,
      `${input.name}专变`,
      Math.max(1, Math.round(input.contractCap)),
      input.orgUnitCode,
    ]);
  }
  if (!tgId) throw new Error('a low-voltage customer needs a 台区');
  const mrSectNo = await mrSectFor(tx, input, tgId);
  await tx.query(
    `INSERT INTO customer (cons_no, name, address, phone, category, elec_type, voltage_code, contract_cap, tg_id, mr_sect_no,
       org_unit_code, org_path, status, power_on_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'normal', $13)`,
    [consNo, input.name, input.address, input.phone, input.category, input.elecType, input.voltageCode, input.contractCap, tgId,
      mrSectNo, input.orgUnitCode, unit.org_path, input.powerOnDate],
  );
  await tx.query(
    `INSERT INTO meter (asset_no, cons_no, bar_code, manufacturer, model, multiplier, installed_on, status)
     VALUES ($1, $2, $3, '业扩新装', $4, 1, $5, 'running')`,
    [input.meterAssetNo, consNo, `3330${input.meterAssetNo}`, input.voltageCode === 'AC00022' ? 'DDZY 单相费控' : 'DTZY 三相费控', input.powerOnDate],
  );
  return { consNo, tgId };
}

/** A 供电所 of the archive (name and org path), or undefined. */
export async function supplyUnitOf(q: Queryable, orgUnitCode: string): Promise<{ orgUnitCode: string; orgUnitName: string; orgPath: string } | undefined> {
  const [row] = await q.query<{ org_unit_code: string; org_unit_name: string; org_path: string }>(
    'SELECT org_unit_code, org_unit_name, org_path FROM supply_unit WHERE org_unit_code = $1',
    [orgUnitCode],
  );
  return row ? { orgUnitCode: row.org_unit_code, orgUnitName: row.org_unit_name, orgPath: row.org_path } : undefined;
}

/** True when a meter with this asset number is already in the archive. */
export async function meterAssetInUse(q: Queryable, assetNo: string): Promise<boolean> {
  const [row] = await q.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM meter WHERE asset_no = $1) AS found', [assetNo]);
  return row?.found === true;
}

/** Whitespace-free address, the form 重复申请检查 compares (`杭州市 滨江区` = `杭州市滨江区`). */
export const compactAddress = (address: string): string => address.replace(/\s+/g, '');

/**
 * Customers not cancelled at an address (compared without whitespace) whose 户名 is `name` or whose 户号 is one of
 * `consNos` (archived by a 业扩 application of the same 证件): 重复申请检查 (issue 17). Few rows; the caller applies
 * its data scope to `orgPath`.
 */
export async function customersAtAddress(
  q: Queryable,
  address: string,
  name: string,
  consNos: readonly string[],
): Promise<Array<{ consNo: string; name: string; address: string; orgPath: string }>> {
  const rows = await q.query<{ cons_no: string; name: string; address: string; org_path: string }>(
    `SELECT cons_no, name, address, org_path FROM customer
      WHERE status <> 'cancelled' AND regexp_replace(address, '\\s+', '', 'g') = $1 AND (name = $2 OR cons_no = ANY($3::text[]))
      ORDER BY cons_no LIMIT 20`,
    [compactAddress(address), name, [...consNos]],
  );
  return rows.map((r) => ({ consNo: r.cons_no, name: r.name, address: r.address, orgPath: r.org_path }));
}
