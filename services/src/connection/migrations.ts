import type { Migration } from '@wb/server-kit';

/**
 * Tables of the connection service (业扩报装, issue 5). The workflow engine keeps the process state (tasks,
 * history, SLA clocks, status); this service keeps the business record of each application and reads where
 * its process stands from the engine's read model at query time (002 below).
 *
 * `line` (10 kV / 35 kV 线路 per county) is reference data of this service: the 供电方案 of a high-voltage
 * application is checked against the line's open capacity. Seeded here, one or two lines per county.
 */
const tables = `
CREATE TABLE line (
  line_id        text PRIMARY KEY,
  line_name      text NOT NULL,
  substation     text NOT NULL,
  voltage_code   text NOT NULL CHECK (voltage_code IN ('AC00101', 'AC00351')),
  county_code    text NOT NULL,
  capacity_kva   integer NOT NULL CHECK (capacity_kva > 0),
  -- Load already connected before this service existed (from the 生产 system); applications add to it.
  connected_kva  integer NOT NULL DEFAULT 0 CHECK (connected_kva >= 0)
);

-- 业扩申请: one new-connection application.
CREATE TABLE yk_application (
  app_no           text PRIMARY KEY CHECK (app_no ~ '^YK[0-9]{13}$'),
  variant          text NOT NULL CHECK (variant IN ('yk-lv-resident', 'yk-lv-nonresident', 'yk-hv-single', 'yk-hv-dual')),
  cert_type        text NOT NULL CHECK (cert_type IN ('ID_CARD', 'USCC')),
  cert_no          text NOT NULL,
  cons_name        text NOT NULL,
  address          text NOT NULL,
  category         text NOT NULL CHECK (category IN ('低压居民', '低压非居民', '高压')),
  elec_type        text NOT NULL,
  voltage_code     text NOT NULL,
  apply_cap        numeric(10, 2) NOT NULL CHECK (apply_cap > 0),
  dual_source      boolean NOT NULL DEFAULT false,
  org_unit_code    text NOT NULL,
  org_unit_name    text NOT NULL,
  org_path         text NOT NULL,
  contact_name     text NOT NULL,
  contact_mobile   text NOT NULL,
  tg_id            text,
  line_id          text REFERENCES line (line_id),
  cons_no          text,
  status           text NOT NULL CHECK (status IN ('IN_PROGRESS', 'SUSPENDED', 'COMPLETED')),
  suspended_reason text,
  -- Copy of the process position (see above); NULL node once the process ended.
  node_key         text,
  node_created_at  timestamptz,
  node_due_at      timestamptz,
  due_at           timestamptz,
  -- Start of the end-to-end SLA window (accepted_at moved later by suspended time), and when suspended.
  clock_start_at   timestamptz NOT NULL,
  suspended_at     timestamptz,
  steps            jsonb NOT NULL DEFAULT '{}',
  -- Capacity reserved by an approved 供电方案 until the customer is archived (counted against 台区 / 线路).
  reserved         boolean NOT NULL DEFAULT false,
  created_by       text NOT NULL,
  accepted_at      timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  version          integer NOT NULL DEFAULT 1
);
CREATE INDEX yk_application_org_path_idx ON yk_application (org_path text_pattern_ops);
CREATE INDEX yk_application_open_idx ON yk_application (node_key, node_due_at) WHERE status <> 'COMPLETED';
CREATE INDEX yk_application_tg_idx ON yk_application (tg_id) WHERE reserved;
CREATE INDEX yk_application_line_idx ON yk_application (line_id) WHERE reserved;

-- Idempotency-Key records of POST /applications (docs/quality.md D2): same key and body → the same answer.
CREATE TABLE yk_idempotency (
  key          text NOT NULL,
  username     text NOT NULL,
  request_hash text NOT NULL,
  app_no       text NOT NULL REFERENCES yk_application (app_no),
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (username, key)
);

INSERT INTO line (line_id, line_name, substation, voltage_code, county_code, capacity_kva, connected_kva) VALUES
  ('XL3340101001', '10kV城关Ⅰ线', '110kV江北变', 'AC00101', '3340101', 8000, 5200),
  ('XL3340101002', '10kV工业园线', '110kV江北变', 'AC00101', '3340101', 10000, 9100),
  ('XL3340101351', '35kV江河线', '220kV江州变', 'AC00351', '3340101', 30000, 18000),
  ('XL3340102001', '10kV临城线', '110kV临川变', 'AC00101', '3340102', 8000, 4300),
  ('XL3340102002', '10kV白沙线', '110kV临川变', 'AC00101', '3340102', 6000, 5600),
  ('XL3340103001', '10kV青城线', '110kV青山变', 'AC00101', '3340103', 8000, 3900),
  ('XL3340103351', '35kV石梅线', '110kV青山变', 'AC00351', '3340103', 20000, 12500);
`;

/**
 * 002: the copy of the process position goes. Lists, the 在途看板 and the detail read where each application's
 * process stands — node, due dates, status, suspension reason, SLA state — from the engine's read model at query
 * time (engine-api.ts `businessProcessJoin`), so they agree with the engine's SLA sweep, suspension, resume and
 * actions taken in the inbox. The copied columns could go stale; they are dropped (the engine holds the same).
 */
const readFromEngine = `
ALTER TABLE yk_application DROP COLUMN node_key, DROP COLUMN node_created_at, DROP COLUMN node_due_at, DROP COLUMN due_at,
  DROP COLUMN clock_start_at, DROP COLUMN suspended_at, DROP COLUMN status, DROP COLUMN suspended_reason;
CREATE INDEX yk_application_accepted_idx ON yk_application (accepted_at DESC, app_no DESC);
`;

/**
 * 003 (issue 10): 环节记录 keeps every round. `steps` holds the latest record per node (what the next steps read,
 * e.g. 归档 reads the 装表 data); `step_log` appends every record in order, so a survey done before a 退回 stays
 * in the record next to the one after it. Existing applications start their log from their latest records.
 */
const stepLog = `
ALTER TABLE yk_application ADD COLUMN step_log jsonb NOT NULL DEFAULT '[]';
UPDATE yk_application a SET step_log = COALESCE((
  SELECT jsonb_agg(jsonb_build_object('node', s.key, 'data', s.value) ORDER BY s.value->>'at', s.key) FROM jsonb_each(a.steps) s
), '[]');
`;

/**
 * 004 (issue 17, ADR 0067): 业扩附件. The bytes live in the attachment store under `storage_key`; this row is
 * written only after the store holds them (and a failed insert removes them), so every row has its object.
 * `step` is the node it was uploaded at (`accept` for 受理's documents), `task_id` the open task then (NULL for
 * the documents of 受理, added by the clerk right after registering): deletion is allowed while that step is open.
 */
const attachments = `
CREATE TABLE yk_attachment (
  id               uuid PRIMARY KEY,
  app_no           text NOT NULL REFERENCES yk_application (app_no),
  kind             text NOT NULL CHECK (kind IN ('ID_DOC', 'PROPERTY_PROOF', 'SITE_PHOTO', 'OTHER')),
  file_name        text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 120),
  content_type     text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  size_bytes       integer NOT NULL CHECK (size_bytes > 0),
  sha256           text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key      text NOT NULL UNIQUE,
  step             text NOT NULL,
  task_id          text,
  uploaded_by      text NOT NULL,
  uploaded_by_name text NOT NULL,
  uploaded_at      timestamptz NOT NULL,
  -- Upload order (several files may share a timestamp).
  seq              bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX yk_attachment_app_idx ON yk_attachment (app_no, seq);
`;

/**
 * 005 (issue 16, ADR 0081): the day's 申请编号 counter. One row per day; taking a number is one upsert outside the
 * 受理's transaction (repository.ts `nextApplicationNo`), so its row lock lasts one statement.
 */
const appNoCounter = `
CREATE TABLE yk_app_no_counter (
  day  text PRIMARY KEY CHECK (day ~ '^[0-9]{8}$'),
  last integer NOT NULL CHECK (last BETWEEN 1 AND 99999)
);
`;

export const connectionMigrations: Migration[] = [
  { id: 'connection/001_applications', sql: tables },
  { id: 'connection/002_position_from_engine', sql: readFromEngine },
  { id: 'connection/003_step_log', sql: stepLog },
  { id: 'connection/004_attachments', sql: attachments },
  { id: 'connection/005_app_no_counter', sql: appNoCounter },
];
