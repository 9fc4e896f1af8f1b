/**
 * Read side of the customer archive: search and the one-customer view. Parameterized SQL only; data scope
 * is applied inside the query so a row outside the caller's scope is indistinguishable from a missing one.
 */
import {
  ELEC_TYPES,
  VOLTAGE_LEVELS,
  type CustomerDetail,
  type CustomerSearchQuery,
  type CustomerSearchResult,
  type CustomerSummary,
  type Meter,
} from '@wb/contracts';
import type { Queryable } from '@wb/server-kit';
import {
  COUNT_CAP,
  SUMMARY_COLUMNS,
  addScope,
  buildCustomerSearchSql,
  createConditions,
  runCustomerSearchSql,
  type CustomerScope,
  type RunSql,
} from './search-sql.ts';

export type { CustomerScope } from './search-sql.ts';

export interface CustomerRepository {
  search(query: CustomerSearchQuery, scope?: CustomerScope): Promise<CustomerSearchResult>;
  /** `undefined` when the 户号 does not exist or lies outside `scope`. */
  getByConsNo(consNo: string, scope?: CustomerScope): Promise<CustomerDetail | undefined>;
}

interface SummaryRow {
  cons_no: string;
  name: string;
  address: string;
  phone: string;
  elec_type: string;
  voltage_code: string;
  status: CustomerSummary['status'];
  org_unit_name: string | null;
}

interface DetailRow extends SummaryRow {
  category: string;
  contract_cap: number;
  tg_id: string;
  tg_name: string;
  tg_type: string;
  mr_sect_no: string;
  org_unit_code: string;
  power_on_date: string;
}

interface MeterDbRow {
  asset_no: string;
  bar_code: string;
  manufacturer: string;
  model: string;
  multiplier: number;
  installed_on: string;
  status: string;
}

/** Meter status codes as the archive shows them. */
const METER_STATUS_LABELS: Record<string, string> = { running: '运行', removed: '已拆除' };

function label<T extends Record<string, string>>(labels: T, code: string): string {
  return (labels as Record<string, string>)[code] ?? code;
}

function toSummary(row: SummaryRow): CustomerSummary {
  return {
    consNo: row.cons_no,
    name: row.name,
    address: row.address,
    phone: row.phone,
    elecType: row.elec_type,
    elecTypeName: label(ELEC_TYPES, row.elec_type),
    voltageCode: row.voltage_code,
    voltageName: label(VOLTAGE_LEVELS, row.voltage_code),
    status: row.status,
    orgUnitName: row.org_unit_name ?? '',
  };
}

function toMeter(row: MeterDbRow): Meter {
  return {
    assetNo: row.asset_no,
    barCode: row.bar_code,
    manufacturer: row.manufacturer,
    model: row.model,
    multiplier: row.multiplier,
    installedOn: row.installed_on,
    status: METER_STATUS_LABELS[row.status] ?? row.status,
  };
}

function toDetail(row: DetailRow, meters: MeterDbRow[]): CustomerDetail {
  return {
    ...toSummary(row),
    category: row.category,
    contractCapacity: row.contract_cap,
    // High-voltage capacity is the transformer rating (kVA); low-voltage the contracted load (kW).
    capacityUnit: row.category === '高压' ? 'kVA' : 'kW',
    tgId: row.tg_id,
    tgName: row.tg_name,
    mrSectNo: row.mr_sect_no,
    orgUnitCode: row.org_unit_code,
    powerOnDate: row.power_on_date,
    meters: meters.map(toMeter),
  };
}

// numeric arrives as a string from both engines: cast to float8 for a JS number. Dates are formatted in SQL
// so the contract's 'YYYY-MM-DD' does not hinge on the Db's type parsers.
const DETAIL_COLUMNS = `${SUMMARY_COLUMNS}, c.category, c.contract_cap::float8 AS contract_cap, c.tg_id,
  t.tg_name, t.tg_type, c.mr_sect_no, c.org_unit_code, to_char(c.power_on_date, 'YYYY-MM-DD') AS power_on_date`;

const METER_SQL = `SELECT asset_no, bar_code, manufacturer, model, multiplier, to_char(installed_on, 'YYYY-MM-DD') AS installed_on,
  status FROM meter WHERE cons_no = $1 ORDER BY status DESC, installed_on DESC, asset_no`;

export function createCustomerRepository(db: Queryable): CustomerRepository {
  return {
    async search(query, scope) {
      const run: RunSql = (text, params) => db.query(text, params);
      const { rows, matches } = await runCustomerSearchSql<SummaryRow>(run, buildCustomerSearchSql(query, scope));
      return {
        items: rows.map(toSummary),
        page: query.page,
        pageSize: query.pageSize,
        total: Math.min(matches, COUNT_CAP),
        capped: matches > COUNT_CAP,
      };
    },

    async getByConsNo(consNo, scope) {
      const c = createConditions();
      c.add(`c.cons_no = ${c.param(consNo)}`);
      addScope(c, scope);
      const [row] = await db.query<DetailRow>(
        `SELECT ${DETAIL_COLUMNS} FROM customer c JOIN tg t ON t.tg_id = c.tg_id ${c.where()}`,
        c.params,
      );
      if (!row) return undefined;
      const meters = await db.query<MeterDbRow>(METER_SQL, [row.cons_no]);
      return toDetail(row, meters);
    },
  };
}
