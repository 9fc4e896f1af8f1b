/**
 * Builds the SQL of a customer search. Kept apart from the repository so the P10 benchmark can run the very
 * same statements raw through `pg` as its peer.
 *
 * Field semantics (results always ordered by 户号; contains-matches ignore case):
 * - `consNo`  户号 prefix; anything but 1–10 digits matches nothing.
 * - `phone`   prefix of the phone number (spaces and dashes ignored); no digits → nothing.
 * - `name`    contains; a 1–2 character query matches the start of the name instead (surname, or surname and
 *             first given-name character), case-sensitively, because trigram indexes cannot serve patterns
 *             that short and only a case-sensitive prefix can use the btree.
 * - `address` contains.
 * - `auto`    what a 客服 agent types into one box:
 *             11 digits starting with 1 → phone, exact (a mobile number);
 *             1–10 digits → 户号 prefix, and also phone prefix when it starts with 1 and has ≥ 7 digits
 *             (号段 + 4 digits is selective; shorter phone prefixes would flood the result);
 *             other digit strings (landlines with area code, ≥ 11 digits) → phone prefix;
 *             anything else → name or address contains (name prefix only, for 1–2 characters).
 * An empty query lists everyone. User input only ever travels as a bound parameter, and `%`, `_` and `\`
 * are escaped so that they match themselves.
 */
import type { CustomerSearchQuery } from '@wb/contracts';
import { NOTHING, SqlConditions, containsPattern, escapeLike } from '@wb/server-kit';

export interface CustomerScope {
  /** Materialized org paths the caller may see (a path covers its subtree); `[]` sees nothing. */
  orgPaths?: readonly string[];
}

/**
 * The statements of one search. How the repository uses them:
 * - `keyOrdered` (a 户号 range or no filter): `walkPageSql` and `countSql` together; walking the primary key
 *   yields the page at once.
 * - otherwise `collectSql` first: it gathers up to `COUNT_CAP + 1` matches through the filter's index, counts
 *   them and sorts out the page, in proportion to the number of matches. If the cap is hit (a whole town or
 *   county matched), matches are dense and `walkPageSql` finds a page quickly by walking the 户号 index.
 *   Walking alone would read most of the table for a rare match, or for one at the end of the 户号 range (a
 *   village of the last 供电所); collecting alone would sort hundreds of thousands of rows for a broad one.
 *   Known cost: a broad match that sits at the end of the 户号 range (a town of the last 供电所) still walks
 *   most of the index, ≈ 0.4 s at 1,000,000 customers (P10 "broad"); a more specific query is fast again.
 */
export interface CustomerSearchSql {
  keyOrdered: boolean;
  /** Number of matches (column `n`); counting stops at `COUNT_CAP + 1`. */
  countSql: string;
  countParams: unknown[];
  /** One page in 户号 order by walking the primary key and filtering. */
  walkPageSql: string;
  /** Column `n` (matches, capped) and one page of rows; a single row with null columns when the page is empty. */
  collectSql: string;
  /** Parameters of `walkPageSql` and `collectSql`. */
  pageParams: unknown[];
}

/** Counting stops here so that a broad query over 1,000,000 customers stays cheap. */
export const COUNT_CAP = 10_000;

const CONS_NO_LENGTH = 10;
const TRIGRAM_MIN = 3;

/** Collects conditions and their parameters: the server-kit's one WHERE builder (ADR 0026). */
export type Conditions = SqlConditions;


function consNoPrefix(c: Conditions, digits: string): string {
  if (!/^\d{1,10}$/.test(digits)) return NOTHING;
  if (digits.length === CONS_NO_LENGTH) return `c.cons_no = ${c.param(digits)}`;
  // A prefix of a fixed-length digit string is a primary-key range, whatever the collation.
  const low = c.param(digits.padEnd(CONS_NO_LENGTH, '0'));
  const high = c.param(digits.padEnd(CONS_NO_LENGTH, '9'));
  return `c.cons_no BETWEEN ${low} AND ${high}`;
}

function phonePrefix(c: Conditions, digits: string): string {
  return /^\d+$/.test(digits) ? `c.phone LIKE ${c.param(`${digits}%`)}` : NOTHING;
}

/**
 * ILIKE only when the text has letters with case: on CJK text it matches the same rows as LIKE but costs
 * about four times as much per row (case folding of multibyte text), in index rechecks as in scans.
 */
function likeOperator(text: string): 'LIKE' | 'ILIKE' {
  return text.toLowerCase() === text.toUpperCase() ? 'LIKE' : 'ILIKE';
}

function nameMatch(c: Conditions, text: string): string {
  const escaped = escapeLike(text);
  if ([...text].length < TRIGRAM_MIN) return `c.name LIKE ${c.param(`${escaped}%`)}`;
  return `c.name ${likeOperator(text)} ${c.param(`%${escaped}%`)}`;
}

function addressMatch(c: Conditions, text: string): string {
  return `c.address ${likeOperator(text)} ${c.param(containsPattern(text))}`;
}

/** A search condition; `byKey` when it is a 户号 range, so that rows come in order from the primary key. */
interface Match {
  sql: string;
  byKey: boolean;
}

const filter = (sql: string): Match => ({ sql, byKey: false });

function autoMatch(c: Conditions, q: string): Match {
  const digits = q.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) {
    if ([...q].length < TRIGRAM_MIN) return filter(nameMatch(c, q));
    const pattern = c.param(containsPattern(q));
    const op = likeOperator(q);
    return filter(`(c.name ${op} ${pattern} OR c.address ${op} ${pattern})`);
  }
  if (digits.length === 11 && digits.startsWith('1')) return filter(`c.phone = ${c.param(digits)}`);
  if (digits.length > CONS_NO_LENGTH) return filter(phonePrefix(c, digits));
  const byConsNo = consNoPrefix(c, digits);
  if (digits.startsWith('1') && digits.length >= 7) return filter(`(${byConsNo} OR ${phonePrefix(c, digits)})`);
  return { sql: byConsNo, byKey: true };
}

function fieldMatch(c: Conditions, query: Pick<CustomerSearchQuery, 'q' | 'field'>): Match | undefined {
  const q = query.q.trim();
  if (q === '') return undefined;
  switch (query.field) {
    case 'consNo':
      return { sql: consNoPrefix(c, q), byKey: true };
    case 'phone':
      return filter(phonePrefix(c, q.replace(/[\s-]/g, '')));
    case 'name':
      return filter(nameMatch(c, q));
    case 'address':
      return filter(addressMatch(c, q));
    case 'auto':
      return autoMatch(c, q);
  }
}

/** Adds the data-scope filter: the customer's 供电所 path equals or lies under one of the granted paths. */
export function addScope(c: Conditions, scope: CustomerScope | undefined): void {
  if (!scope?.orgPaths) return;
  c.scope('c.org_path', { orgPaths: scope.orgPaths, exactOrgPaths: [] });
}

export function createConditions(): Conditions {
  return new SqlConditions();
}

export const SUMMARY_COLUMNS = `c.cons_no, c.name, c.address, c.phone, c.elec_type, c.voltage_code, c.status,
  (SELECT u.org_unit_name FROM supply_unit u WHERE u.org_unit_code = c.org_unit_code) AS org_unit_name`;

export function buildCustomerSearchSql(query: CustomerSearchQuery, scope?: CustomerScope): CustomerSearchSql {
  const c = new SqlConditions();
  const match = fieldMatch(c, query);
  if (match) c.add(match.sql);
  addScope(c, scope);
  const where = c.where();
  const countParams = [...c.params];
  const limit = c.param(query.pageSize);
  const offset = c.param((query.page - 1) * query.pageSize);
  return {
    keyOrdered: c.size === (match?.byKey ? 1 : 0),
    countSql: `SELECT count(*)::int AS n FROM (SELECT 1 FROM customer c ${where} LIMIT ${COUNT_CAP + 1}) AS matches`,
    countParams,
    walkPageSql: `SELECT ${SUMMARY_COLUMNS} FROM customer c ${where} ORDER BY c.cons_no LIMIT ${limit} OFFSET ${offset}`,
    // MATERIALIZED: the matches are gathered once (through the filter's index when it is selective), counted,
    // and only the page's rows are read in full. A page past the end still returns one row carrying n.
    collectSql: `WITH matches AS MATERIALIZED (SELECT c.cons_no FROM customer c ${where} LIMIT ${COUNT_CAP + 1})
      SELECT total.n, ${SUMMARY_COLUMNS}
      FROM (SELECT count(*)::int AS n FROM matches) AS total
      LEFT JOIN LATERAL (SELECT cons_no FROM matches ORDER BY cons_no LIMIT ${limit} OFFSET ${offset}) AS page ON true
      LEFT JOIN customer c ON c.cons_no = page.cons_no
      ORDER BY c.cons_no`,
    pageParams: c.params,
  };
}

/** Runs one SQL statement and returns its rows: `db.query` of a Db, or a raw driver in the benchmark. */
export type RunSql = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** The rows of the page and the number of matches (`COUNT_CAP + 1` means "more than the cap"). */
export interface SearchRows<T> {
  rows: T[];
  matches: number;
}

/** Executes a search the way `CustomerSearchSql` describes. */
export async function runCustomerSearchSql<T extends { cons_no: string | null }>(run: RunSql, sql: CustomerSearchSql): Promise<SearchRows<T>> {
  if (sql.keyOrdered) {
    const [rows, counted] = await Promise.all([run<T>(sql.walkPageSql, sql.pageParams), run<{ n: number }>(sql.countSql, sql.countParams)]);
    return { rows, matches: Number(counted[0]?.n ?? 0) };
  }
  const collected = await run<T & { n: number }>(sql.collectSql, sql.pageParams);
  const matches = Number(collected[0]?.n ?? 0);
  if (matches > COUNT_CAP) return { rows: await run<T>(sql.walkPageSql, sql.pageParams), matches };
  return { rows: collected.filter((row) => row.cons_no !== null), matches };
}
