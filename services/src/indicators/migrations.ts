import type { Migration } from '@wb/server-kit';

/**
 * Tables of the indicators service (营销运营监测, issue 15, ADR 0047).
 *
 * - `ind_fact`: the facts, one sum per metric × org unit × day (CST date `YYYY-MM-DD`; billing months on their
 *   first day; stock facts such as 在册户数 on 2000-01-01). Indicators are ratios of these sums at read time.
 * - `ind_item`: what each business item (application, ticket, billing unit-month, 复电 order, unit) currently
 *   contributes, so that a new state replaces the old one as a delta (idempotent, order-independent), its marks
 *   (the figures it stands behind: drill-down lists) and, while open, its due time (real-time overdue counts).
 * - `ind_target`: red/amber/green thresholds per indicator (configurable; defaults in code).
 * - `ind_recent`: the last events the 大屏 shows.
 * - `ind_state`: when the facts were last rebuilt.
 */
const tables = `
CREATE TABLE ind_fact (
  metric        text NOT NULL,
  org_unit_code text NOT NULL,
  org_path      text NOT NULL,
  day           text NOT NULL CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  value         bigint NOT NULL,
  PRIMARY KEY (metric, org_unit_code, day)
);
CREATE INDEX ind_fact_day_idx ON ind_fact (day, metric);
CREATE INDEX ind_fact_path_idx ON ind_fact (org_path text_pattern_ops);

CREATE TABLE ind_item (
  kind          text NOT NULL CHECK (kind IN ('yk', 'ticket', 'bill', 'order', 'unit')),
  item_key      text NOT NULL,
  org_unit_code text NOT NULL,
  org_path      text NOT NULL,
  title         text NOT NULL,
  link          text,
  open_due_at   timestamptz,
  contributions jsonb NOT NULL DEFAULT '[]',
  marks         jsonb NOT NULL DEFAULT '[]',
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (kind, item_key)
);
CREATE INDEX ind_item_due_idx ON ind_item (kind, open_due_at) WHERE open_due_at IS NOT NULL;
CREATE INDEX ind_item_path_idx ON ind_item (org_path text_pattern_ops);

CREATE TABLE ind_target (
  code       text PRIMARY KEY,
  green      double precision NOT NULL,
  amber      double precision NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE ind_recent (
  id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at       timestamptz NOT NULL,
  org_path text NOT NULL,
  text     text NOT NULL
);

CREATE TABLE ind_state (
  key   text PRIMARY KEY,
  value text NOT NULL
);
`;

/**
 * `ind_fact_month` (ADR 0071): the facts summed by month (`YYYY-MM`; stock facts under 2000-01), kept with
 * `ind_fact` in the same statements' transaction. Every dashboard view asks for months, so it reads these: the
 * rows a view sums follow the org tree and the months, not the days (P17).
 */
const factMonths = `
CREATE TABLE ind_fact_month (
  metric        text NOT NULL,
  org_unit_code text NOT NULL,
  org_path      text NOT NULL,
  ym            text NOT NULL CHECK (ym ~ '^[0-9]{4}-[0-9]{2}$'),
  value         bigint NOT NULL,
  PRIMARY KEY (metric, org_unit_code, ym)
);
CREATE INDEX ind_fact_month_path_idx ON ind_fact_month (org_path text_pattern_ops, ym);
-- The overdue count of now (every view) reads the org path from the index, not from the wide item rows.
DROP INDEX ind_item_due_idx;
CREATE INDEX ind_item_due_idx ON ind_item (kind, open_due_at) INCLUDE (org_path) WHERE open_due_at IS NOT NULL;
INSERT INTO ind_fact_month (metric, org_unit_code, org_path, ym, value)
SELECT metric, org_unit_code, max(org_path), substr(day, 1, 7), sum(value) FROM ind_fact
 GROUP BY metric, org_unit_code, substr(day, 1, 7) HAVING sum(value) <> 0;
`;

/**
 * `ind_dirty` (ADR 0076): items marked by billing's events for the drainer (coalesce.ts), one row per mark. Plain
 * inserts (no key to conflict on), so marking never waits for a drain; a drain deletes the marks it takes.
 */
const dirtyMarks = `
CREATE TABLE ind_dirty (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind      text NOT NULL CHECK (kind IN ('yk', 'ticket', 'bill', 'order', 'unit')),
  item_key  text NOT NULL,
  marked_at timestamptz NOT NULL
);
`;

export const indicatorsMigrations: Migration[] = [
  { id: 'indicators/001_facts', sql: tables },
  { id: 'indicators/002_fact_month', sql: factMonths },
  { id: 'indicators/003_dirty', sql: dirtyMarks },
];
