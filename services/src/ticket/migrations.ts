import type { Migration } from '@wb/server-kit';

/**
 * Tables of the ticket service (95598 客服工单, issue 12, ADR 0029). The workflow engine keeps where an open
 * ticket's process stands (tasks, history); this service keeps the ticket record: its 95598 status (which has
 * states the process does not distinguish — 已到达, 已办结 — and archived tickets without an instance), its
 * clocks, 催办 records and timeline. Status and engine move in the same transaction, and only this service's
 * commands move its bound tasks (ADR 0021), so the two cannot disagree.
 *
 * - `ticket_area`: 城乡类别 of a 供电所 (urban / rural / remote) for the repair arrival clock; seeded from the org
 *   tree's 城乡标志; a unit without a row counts as urban (the strictest clock).
 * - `ticket_sla_rule`: operators' overrides of the default limits (contracts `DEFAULT_SLA_RULES`), per key.
 * - `ticket_call`: calls from the telephony adapter (来电弹屏) and 模拟来电.
 * - `ticket_outage`: 停电信息 kept by dispatch, scoped to 台区 (a line outage lists the 台区 it feeds).
 * - `ticket_knowledge`: 95598 知识 snippets for 咨询 answered on the call.
 */
const tables = `
CREATE TABLE ticket_area (
  org_unit_code text PRIMARY KEY,
  area_class    text NOT NULL CHECK (area_class IN ('urban', 'rural', 'remote'))
);

CREATE TABLE ticket_sla_rule (
  key        text PRIMARY KEY,
  name       text NOT NULL,
  clocks     jsonb NOT NULL,
  verified   boolean NOT NULL DEFAULT false,
  source     text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ticket_call (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  caller_no   text NOT NULL,
  agent       text NOT NULL,
  at          timestamptz NOT NULL,
  cons_nos    text[] NOT NULL DEFAULT '{}',
  simulated   boolean NOT NULL DEFAULT false
);
CREATE INDEX ticket_call_agent_idx ON ticket_call (agent, at DESC);

CREATE TABLE ticket (
  ticket_no        text PRIMARY KEY CHECK (ticket_no ~ '^[0-9]{16}$'),
  type             text NOT NULL CHECK (type IN ('CONSULT', 'REPAIR', 'COMPLAINT', 'REPORT', 'SUGGESTION', 'PRAISE', 'SERVICE')),
  sub_type         text,
  source           text NOT NULL CHECK (source IN ('PHONE', 'WEB', 'APP')),
  call_id          bigint REFERENCES ticket_call (id),
  caller_no        text NOT NULL DEFAULT '',
  contact_name     text NOT NULL,
  contact_phone    text NOT NULL,
  cert_no          text,
  cons_no          text,
  cons_name        text,
  address          text NOT NULL,
  content          text NOT NULL,
  urgency          text NOT NULL CHECK (urgency IN ('NORMAL', 'URGENT')),
  area_class       text NOT NULL CHECK (area_class IN ('urban', 'rural', 'remote')),
  -- The handling unit (供电所 dispatched to; before dispatch the proposed one): the data scope's org path.
  org_unit_code    text NOT NULL,
  org_unit_name    text NOT NULL,
  org_path         text NOT NULL,
  tg_id            text,
  tg_name          text,
  status           text NOT NULL CHECK (status IN ('DISPATCH', 'ACCEPT', 'HANDLING', 'ARRIVED', 'REVIEW', 'REVISIT', 'ARCHIVED', 'CLOSED')),
  accepted_at      timestamptz NOT NULL,
  accepted_by      text NOT NULL,
  accepted_by_name text NOT NULL,
  dispatched_at    timestamptz,
  taken_at         timestamptz,
  arrived_at       timestamptz,
  restored_at      timestamptz,
  replied_at       timestamptz,
  closed_at        timestamptz,
  cause            text,
  result           text,
  urge_count       integer NOT NULL DEFAULT 0,
  supervised       boolean NOT NULL DEFAULT false,
  priority         integer NOT NULL DEFAULT 0,
  revisit_attempts integer NOT NULL DEFAULT 0,
  revisit_outcome  text CHECK (revisit_outcome IN ('SATISFIED', 'BASIC', 'UNSATISFIED', 'UNREACHABLE')),
  knowledge_id     text,
  -- [{ clock, dueAt, stoppedAt }] of the ticket's SLA rule, computed at intake, dispatch and arrival.
  clocks           jsonb NOT NULL DEFAULT '[]',
  -- Earliest due time of a running clock (lists, overdue filter, stats); NULL when none runs.
  next_due_at      timestamptz,
  timeline         jsonb NOT NULL DEFAULT '[]',
  urges            jsonb NOT NULL DEFAULT '[]',
  updated_at       timestamptz NOT NULL,
  version          integer NOT NULL DEFAULT 1
);
CREATE INDEX ticket_org_path_idx ON ticket (org_path text_pattern_ops);
CREATE INDEX ticket_accepted_idx ON ticket (accepted_at DESC, ticket_no DESC);
CREATE INDEX ticket_cons_idx ON ticket (cons_no, accepted_at DESC);
CREATE INDEX ticket_open_idx ON ticket (status, next_due_at) WHERE status NOT IN ('ARCHIVED', 'CLOSED');
CREATE INDEX ticket_agent_idx ON ticket (accepted_by, accepted_at DESC);

CREATE TABLE ticket_outage (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('PLANNED', 'TEMPORARY', 'FAULT')),
  org_unit_code   text NOT NULL,
  org_unit_name   text NOT NULL,
  org_path        text NOT NULL,
  tg_ids          text[] NOT NULL,
  line_names      text[] NOT NULL DEFAULT '{}',
  area            text NOT NULL,
  start_at        timestamptz NOT NULL,
  expected_end_at timestamptz NOT NULL,
  reason          text NOT NULL,
  cancelled       boolean NOT NULL DEFAULT false,
  created_by      text NOT NULL,
  updated_at      timestamptz NOT NULL,
  version         integer NOT NULL DEFAULT 1,
  CHECK (expected_end_at > start_at)
);
CREATE INDEX ticket_outage_tg_idx ON ticket_outage USING gin (tg_ids);
CREATE INDEX ticket_outage_time_idx ON ticket_outage (expected_end_at DESC);

CREATE TABLE ticket_knowledge (
  id       text PRIMARY KEY,
  title    text NOT NULL,
  category text NOT NULL,
  content  text NOT NULL,
  keywords text[] NOT NULL DEFAULT '{}'
);

-- Idempotency-Key records of POST /tickets (docs/quality.md D2): same key and body → the same answer.
CREATE TABLE ticket_idempotency (
  key          text NOT NULL,
  username     text NOT NULL,
  request_hash text NOT NULL,
  ticket_no    text NOT NULL REFERENCES ticket (ticket_no),
  merged       boolean NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (username, key)
);
`;

/** Operators edit the SLA overrides (ADR 0039): a version for If-Match and who changed it last. */
const slaRuleVersion = `
ALTER TABLE ticket_sla_rule ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE ticket_sla_rule ADD COLUMN updated_by text;
`;

/**
 * 联合办理 (ADR 0050): one row per unit working a ticket side by side — its branch of the \`kf-joint\` process, its
 * status, clocks and reply. A ticket is in a unit's data scope when its handling unit or one of its branches is.
 */
const branches = `
CREATE TABLE ticket_branch (
  ticket_no     text NOT NULL REFERENCES ticket (ticket_no),
  branch        integer NOT NULL CHECK (branch BETWEEN 1 AND 9),
  org_unit_code text NOT NULL,
  org_unit_name text NOT NULL,
  org_path      text NOT NULL,
  area_class    text NOT NULL CHECK (area_class IN ('urban', 'rural', 'remote')),
  status        text NOT NULL CHECK (status IN ('ACCEPT', 'HANDLING', 'REVIEW', 'DONE')),
  clocks        jsonb NOT NULL DEFAULT '[]',
  next_due_at   timestamptz,
  taken_at      timestamptz,
  replied_at    timestamptz,
  result        text,
  rejects       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (ticket_no, branch),
  UNIQUE (ticket_no, org_unit_code)
);
CREATE INDEX ticket_branch_org_path_idx ON ticket_branch (org_path, ticket_no);
`;

export const ticketMigrations: Migration[] = [
  { id: 'ticket/001_tickets', sql: tables },
  { id: 'ticket/002_sla_rule_version', sql: slaRuleVersion },
  { id: 'ticket/003_branches', sql: branches },
];
