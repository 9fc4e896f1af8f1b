import type { Migration } from '@wb/server-kit';

/**
 * Tables of the customer archive (客户档案), after SG186 C_CONS / C_METER / G_TG (docs/glossary.md (客户档案)).
 *
 * Search indexes (see repository.ts for the queries they serve):
 * - 户号 prefix: the primary key. A prefix of a fixed-length digit string is a key range
 *   (`cons_no BETWEEN '3101000000' AND '3101999999'`), which any btree serves whatever the collation,
 *   so no extra pattern index is needed.
 * - phone prefix / exact and short name prefix: btree with text_pattern_ops, which serves `LIKE 'x%'` also
 *   when the database collation is not "C" (PostgreSQL's C.UTF-8 does not count as "C" for LIKE).
 * - name / address contains: pg_trgm GIN. CJK characters form trigrams under a UTF-8 ctype on both PGlite
 *   and PostgreSQL, so `ILIKE '%幸福小区%'` is an index scan; patterns under 3 characters yield no trigram.
 * - org_path (materialized path of the 供电所) for data-scope filters: btree text_pattern_ops.
 */
const customerTables = `
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- 供电单位 as the customer archive shows it: a copy of the 供电所 of the org tree, kept by the seed.
CREATE TABLE supply_unit (
  org_unit_code text PRIMARY KEY,
  org_unit_name text NOT NULL,
  org_path      text NOT NULL
);

-- 台区: the area served by one distribution transformer (公变) or a customer's own transformer (专变).
CREATE TABLE tg (
  tg_id         text PRIMARY KEY,
  tg_name       text NOT NULL,
  tg_type       text NOT NULL CHECK (tg_type IN ('公变', '专变')),
  capacity_kva  integer NOT NULL CHECK (capacity_kva > 0),
  org_unit_code text NOT NULL REFERENCES supply_unit (org_unit_code)
);

-- 抄表段: meter-reading section, read on its 抄表例日 each month.
CREATE TABLE mr_sect (
  mr_sect_no    text PRIMARY KEY,
  mr_sect_name  text NOT NULL,
  mr_day        smallint NOT NULL CHECK (mr_day BETWEEN 1 AND 28),
  org_unit_code text NOT NULL REFERENCES supply_unit (org_unit_code)
);

-- 用电客户 (户): one account. contract_cap is kW for low voltage, kVA for high voltage.
CREATE TABLE customer (
  cons_no       char(10) PRIMARY KEY CHECK (cons_no ~ '^[0-9]{10}$'),
  name          text NOT NULL,
  address       text NOT NULL,
  phone         text NOT NULL DEFAULT '',
  category      text NOT NULL CHECK (category IN ('低压居民', '低压非居民', '高压')),
  elec_type     text NOT NULL,
  voltage_code  text NOT NULL,
  contract_cap  numeric(10, 2) NOT NULL CHECK (contract_cap >= 0),
  tg_id         text NOT NULL REFERENCES tg (tg_id),
  mr_sect_no    text NOT NULL REFERENCES mr_sect (mr_sect_no),
  org_unit_code text NOT NULL REFERENCES supply_unit (org_unit_code),
  org_path      text NOT NULL,
  status        text NOT NULL DEFAULT 'normal' CHECK (status IN ('normal', 'suspended', 'cancelled')),
  power_on_date date NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_phone_idx ON customer (phone text_pattern_ops);
CREATE INDEX customer_name_prefix_idx ON customer (name text_pattern_ops);
CREATE INDEX customer_name_trgm_idx ON customer USING gin (name gin_trgm_ops);
CREATE INDEX customer_address_trgm_idx ON customer USING gin (address gin_trgm_ops);
CREATE INDEX customer_org_path_idx ON customer (org_path text_pattern_ops);
CREATE INDEX customer_tg_idx ON customer (tg_id);

-- 电能表: asset_no 资产编号, bar_code 条形码, multiplier 综合倍率 (CT × PT).
CREATE TABLE meter (
  asset_no     text PRIMARY KEY,
  cons_no      char(10) NOT NULL REFERENCES customer (cons_no),
  bar_code     text NOT NULL UNIQUE,
  manufacturer text NOT NULL,
  model        text NOT NULL,
  multiplier   integer NOT NULL CHECK (multiplier > 0),
  installed_on date NOT NULL,
  status       text NOT NULL CHECK (status IN ('running', 'removed'))
);
CREATE INDEX meter_cons_no_idx ON meter (cons_no);
`;

// pg_trgm is declared so that `migrate` installs it into the shared schema first; the SQL's own
// `CREATE EXTENSION IF NOT EXISTS` then finds it and does nothing (kept: the migration's checksum is fixed).
/**
 * 002 (issue 12): the 95598 desk finds a caller by the last four digits of the phone (ticket-port.ts); an
 * expression index keeps that an index scan over 1,000,000 customers.
 */
const phoneTail = `CREATE INDEX customer_phone_tail_idx ON customer (right(phone, 4));`;

/**
 * 004 (issue 16, P11; ADR 0108): a name prefix (a surname, what a clerk types most) within a data scope is read from
 * the index alone. The 1–2 character name search collects its matches to count them (up to `COUNT_CAP + 1`) and
 * filters them by the caller's org paths; through `customer_name_prefix_idx` (name only), or the trigram index the
 * planner preferred, every match of the surname in the whole archive was fetched from the table to test its path:
 * 1,500 rows and 530 buffers for a page of ten in one 供电所 of P11's 20,000 customers, the statement PostgreSQL spent
 * most of its time on. With the path and the key in the index, an index-only scan reads ~15 buffers.
 */
const nameScope = `
CREATE INDEX customer_name_scope_idx ON customer (name text_pattern_ops) INCLUDE (org_path, cons_no);
DROP INDEX customer_name_prefix_idx;
`;

export const customerMigrations: Migration[] = [
  { id: 'customer/001_archive', sql: customerTables, extensions: ['pg_trgm'] },
  { id: 'customer/002_phone_tail', sql: phoneTail },
  // 已停电 (ADR 0049): billing's 停电/复电 set it through the billing port.
  {
    id: 'customer/003_status_cutoff',
    sql: `ALTER TABLE customer DROP CONSTRAINT customer_status_check;
ALTER TABLE customer ADD CONSTRAINT customer_status_check CHECK (status IN ('normal', 'suspended', 'cancelled', 'cutoff'));`,
  },
  { id: 'customer/004_name_scope', sql: nameScope },
];
