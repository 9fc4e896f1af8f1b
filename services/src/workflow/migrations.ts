import type { Migration } from '@wb/server-kit';

/**
 * Tables of the workflow service (issue 5, docs/architecture.md §9). State lives here, not in process memory:
 * any number of server instances share it. Every write carries a `version` (optimistic concurrency, D1/D5).
 *
 * Reference data seeded by the migration (editable later through the API, never re-seeded):
 * - wf_holiday: the 2026 public holidays and make-up workdays (调休) of the State Council notice;
 * - wf_org_leader: who receives escalations of overdue tasks per org unit (docs/workflow.md).
 */
const tables = `
CREATE TABLE wf_definition (
  key         text NOT NULL,
  version     integer NOT NULL CHECK (version > 0),
  name        text NOT NULL,
  xml         text NOT NULL,
  model       jsonb NOT NULL,           -- the parsed, validated process model (see bpmn.ts ProcessModel)
  deployed_by text NOT NULL,
  deployed_at timestamptz NOT NULL,
  PRIMARY KEY (key, version)
);

CREATE TABLE wf_instance (
  id               uuid PRIMARY KEY,
  process_key      text NOT NULL,
  process_version  integer NOT NULL,
  business_key     text NOT NULL,
  business_title   text NOT NULL,
  org_unit_code    text NOT NULL,
  org_path         text NOT NULL,        -- materialized path of org_unit_code at start (data scope)
  initiator        text NOT NULL,
  status           text NOT NULL CHECK (status IN ('RUNNING', 'SUSPENDED', 'COMPLETED', 'TERMINATED')),
  variables        jsonb NOT NULL DEFAULT '{}',
  started_at       timestamptz NOT NULL,
  ended_at         timestamptz,
  due_at           timestamptz,          -- process-level (end-to-end) SLA
  warn_at          timestamptz,
  paused_ms        bigint NOT NULL DEFAULT 0,
  suspended_at     timestamptz,
  suspended_reason text,
  version          integer NOT NULL DEFAULT 1,
  FOREIGN KEY (process_key, process_version) REFERENCES wf_definition (key, version)
);
-- One running (or suspended) instance per process and business key.
CREATE UNIQUE INDEX wf_instance_running_key ON wf_instance (process_key, business_key) WHERE status IN ('RUNNING', 'SUSPENDED');
CREATE INDEX wf_instance_business_idx ON wf_instance (business_key);
CREATE INDEX wf_instance_initiator_idx ON wf_instance (initiator, started_at);
CREATE INDEX wf_instance_org_path_idx ON wf_instance (org_path text_pattern_ops);

CREATE SEQUENCE wf_task_done_seq;
CREATE TABLE wf_task (
  id             uuid PRIMARY KEY,
  seq            bigint GENERATED ALWAYS AS IDENTITY,   -- creation order (timestamps can tie)
  done_seq       bigint,                                -- completion order, from wf_task_done_seq
  instance_id    uuid NOT NULL REFERENCES wf_instance (id),
  node_key       text NOT NULL,
  state          text NOT NULL CHECK (state IN ('OPEN', 'CLAIMED', 'COMPLETED', 'CANCELLED')),
  assignee       text,
  cand_kind      text NOT NULL CHECK (cand_kind IN ('post', 'role', 'user', 'none')),
  cand_value     text NOT NULL DEFAULT '',
  cand_org       text,                 -- the org unit a post candidate is resolved in
  created_at     timestamptz NOT NULL,
  claimed_at     timestamptz,
  completed_at   timestamptz,
  completed_by   text,
  outcome        text,
  due_at         timestamptz,
  warn_at        timestamptz,
  warned_at      timestamptz,
  overdue_at     timestamptz,
  escalated_at   timestamptz,
  timer_at       timestamptz,          -- when the earliest boundary timer of the node fires
  timer_node     text,                 -- that boundary event's id
  timer_fired_at timestamptz,
  prev_task      uuid,
  version        integer NOT NULL DEFAULT 1
);
CREATE INDEX wf_task_instance_idx ON wf_task (instance_id, state);
CREATE INDEX wf_task_open_assignee_idx ON wf_task (assignee) WHERE state IN ('OPEN', 'CLAIMED');
CREATE INDEX wf_task_open_cand_idx ON wf_task (cand_kind, cand_value, cand_org) WHERE state IN ('OPEN', 'CLAIMED');
CREATE INDEX wf_task_completed_by_idx ON wf_task (completed_by, completed_at);
CREATE INDEX wf_task_due_idx ON wf_task (due_at) WHERE state IN ('OPEN', 'CLAIMED');
CREATE INDEX wf_task_timer_idx ON wf_task (timer_at) WHERE state IN ('OPEN', 'CLAIMED') AND timer_at IS NOT NULL;

CREATE TABLE wf_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  instance_id uuid NOT NULL REFERENCES wf_instance (id),
  task_id     uuid,
  at          timestamptz NOT NULL,
  action      text NOT NULL,
  actor       text NOT NULL,
  actor_name  text NOT NULL,
  from_node   text,
  to_nodes    text[] NOT NULL DEFAULT '{}',
  outcome     text,
  opinion     text NOT NULL DEFAULT '',
  form        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX wf_history_instance_idx ON wf_history (instance_id, id);
CREATE INDEX wf_history_actor_idx ON wf_history (actor);

CREATE TABLE wf_cc (
  instance_id uuid NOT NULL REFERENCES wf_instance (id),
  username    text NOT NULL,
  by_user     text NOT NULL,
  at          timestamptz NOT NULL,
  opinion     text NOT NULL DEFAULT '',
  PRIMARY KEY (instance_id, username)
);
CREATE INDEX wf_cc_user_idx ON wf_cc (username, at);

CREATE TABLE wf_notification (
  id         uuid PRIMARY KEY,
  username   text NOT NULL,
  kind       text NOT NULL,
  title      text NOT NULL,
  body       text NOT NULL,
  link       text,
  dedupe_key text NOT NULL UNIQUE,      -- makes the SLA sweep idempotent
  created_at timestamptz NOT NULL,
  read_at    timestamptz
);
CREATE INDEX wf_notification_user_idx ON wf_notification (username, created_at DESC);

-- Transactional outbox: domain events written in the transaction of the change, published after commit.
CREATE TABLE wf_outbox (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic        text NOT NULL,
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL,
  published_at timestamptz,
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text
);
CREATE INDEX wf_outbox_pending_idx ON wf_outbox (id) WHERE published_at IS NULL;

-- Working-day calendar: Mon–Fri are workdays unless listed with workday = false; a weekend day listed
-- with workday = true is a make-up workday (调休上班).
CREATE TABLE wf_holiday (
  date    date PRIMARY KEY,
  name    text NOT NULL,
  workday boolean NOT NULL
);

-- Escalation target of an org unit (所长 / 分管领导); looked up from the task's org unit upwards.
CREATE TABLE wf_org_leader (
  org_unit_code text PRIMARY KEY,
  username      text NOT NULL
);

-- Idempotency-Key records of POST /instances (D2).
CREATE TABLE wf_idempotency (
  key          text NOT NULL,
  username     text NOT NULL,
  request_hash text NOT NULL,
  status_code  integer NOT NULL,
  response     text NOT NULL,          -- the JSON body exactly as first sent
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (username, key)
);
`;

const holidays2026: Array<[string, string, boolean]> = [
  ['2026-01-01', '元旦', false], ['2026-01-02', '元旦', false], ['2026-01-03', '元旦', false], ['2026-01-04', '元旦调休上班', true],
  ['2026-02-14', '春节调休上班', true],
  ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d): [string, string, boolean] => [`2026-02-${d}`, '春节', false]),
  ['2026-02-28', '春节调休上班', true],
  ['2026-04-04', '清明节', false], ['2026-04-05', '清明节', false], ['2026-04-06', '清明节', false],
  ...['01', '02', '03', '04', '05'].map((d): [string, string, boolean] => [`2026-05-${d}`, '劳动节', false]),
  ['2026-05-09', '劳动节调休上班', true],
  ['2026-06-19', '端午节', false], ['2026-06-20', '端午节', false], ['2026-06-21', '端午节', false],
  ['2026-09-20', '国庆节调休上班', true],
  ['2026-09-25', '中秋节', false], ['2026-09-26', '中秋节', false], ['2026-09-27', '中秋节', false],
  ...['01', '02', '03', '04', '05', '06', '07'].map((d): [string, string, boolean] => [`2026-10-${d}`, '国庆节', false]),
  ['2026-10-10', '国庆节调休上班', true],
];

/** Org-unit leaders of the demo org tree (usernames of services/src/seed/identity.ts). */
const leaders: Array<[string, string]> = [
  ['334010101', 'ld01'], // 江北城关供电所: 冯所长
  ['3340101', 'yk04'], // 江北县供电公司: 方案审批 (分管领导)
  ['33401', 'mgr01'], // 国网江州供电公司: 管理人员
];

const referenceData = `
INSERT INTO wf_holiday (date, name, workday) VALUES
${holidays2026.map(([d, n, w]) => `  ('${d}', '${n}', ${w})`).join(',\n')}
ON CONFLICT (date) DO NOTHING;
INSERT INTO wf_org_leader (org_unit_code, username) VALUES
${leaders.map(([o, u]) => `  ('${o}', '${u}')`).join(',\n')}
ON CONFLICT (org_unit_code) DO NOTHING;
`;

/**
 * 003: the engine's public read model for domain services, and the process-level SLA sweep marks.
 *
 * `wf_business_process` (engine-api.ts `businessProcessJoin`, docs/workflow.md "Read model"): one row per
 * instance with where its token stands — the open task's node and SLA times, the end-to-end SLA times, the
 * status and suspension reason. Domain services join it at query time to filter, count and show their records
 * by process position and SLA state: it always agrees with the engine (sweep, suspension, resume, actions taken
 * in the inbox), with no copy to refresh. Its columns are a contract: add, never rename or drop.
 *
 * `wf_instance.warned_at / overdue_at`: the end-to-end limit's warning and overdue notifications were sent
 * (claimed by the sweep's conditional UPDATE, like the task columns of the same names).
 */
const readModel = `
ALTER TABLE wf_instance ADD COLUMN warned_at timestamptz;
ALTER TABLE wf_instance ADD COLUMN overdue_at timestamptz;
CREATE INDEX wf_instance_sla_idx ON wf_instance (due_at) WHERE status = 'RUNNING' AND overdue_at IS NULL;

CREATE VIEW wf_business_process AS
SELECT i.id AS instance_id, i.business_key, i.process_key, i.process_version, i.org_unit_code, i.org_path,
       i.status, i.suspended_reason, i.started_at, i.ended_at, i.due_at, i.warn_at,
       t.id AS task_id, t.node_key, t.state AS task_state, t.assignee, t.created_at AS task_created_at,
       t.due_at AS task_due_at, t.warn_at AS task_warn_at
  FROM wf_instance i
  LEFT JOIN LATERAL (
    SELECT ot.id, ot.node_key, ot.state, ot.assignee, ot.created_at, ot.due_at, ot.warn_at FROM wf_task ot
     WHERE ot.instance_id = i.id AND ot.state IN ('OPEN', 'CLAIMED') ORDER BY ot.seq LIMIT 1
  ) t ON true;
`;

/**
 * 004 (issue 10): notifications know the task they are about, so that unread notices of a task that closed
 * (completed, returned, withdrawn, timed out, terminated) are withdrawn with it — nobody is told about work
 * they can no longer do. Notices written before have no task and stay as they are.
 */
const taskNotices = `
ALTER TABLE wf_notification ADD COLUMN task_id uuid;
CREATE INDEX wf_notification_task_idx ON wf_notification (task_id) WHERE task_id IS NOT NULL AND read_at IS NULL;
`;

/**
 * 005 (issue 10, ADR 0024): the outbox delivers to named consumers. An event is fanned out once (its
 * `published_at`) into one `wf_outbox_delivery` row per consumer whose topics match; a row is deleted when its
 * consumer handled the event, retried with backoff (`next_at`) when it failed, and set DEAD after the last
 * attempt (the dead-letter view of 系统管理 retries or discards it). Instances share the rows with
 * FOR UPDATE SKIP LOCKED. Retention deletes published events older than N days that have no delivery left.
 */
const outboxDelivery = `
CREATE TABLE wf_outbox_delivery (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id   bigint NOT NULL REFERENCES wf_outbox (id) ON DELETE CASCADE,
  consumer   text NOT NULL,
  status     text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DEAD')),
  attempts   integer NOT NULL DEFAULT 0,
  next_at    timestamptz NOT NULL,
  last_error text,
  updated_at timestamptz NOT NULL,
  UNIQUE (consumer, event_id)
);
CREATE INDEX wf_outbox_delivery_due_idx ON wf_outbox_delivery (next_at, id) WHERE status = 'PENDING';
CREATE INDEX wf_outbox_delivery_dead_idx ON wf_outbox_delivery (updated_at DESC) WHERE status = 'DEAD';
CREATE INDEX wf_outbox_delivery_event_idx ON wf_outbox_delivery (event_id);
CREATE INDEX wf_outbox_published_idx ON wf_outbox (created_at) WHERE published_at IS NOT NULL;
CREATE INDEX wf_notification_read_idx ON wf_notification (read_at) WHERE read_at IS NOT NULL;
CREATE INDEX wf_idempotency_created_idx ON wf_idempotency (created_at);
`;

/**
 * 006 (issue 10, ADR 0025): parallel work. A token's place among parallel branches is the task's `scope`
 * ('' outside any; else `activation:branch` per enclosing fork, outermost first, joined by '/'); the tasks of
 * one multi-instance (会签) node share `mi`. `wf_activation` counts, per fork activation, the branches that
 * arrived at its join and, per 会签, the votes by outcome; the guarded `UPDATE … SET arrived = arrived + 1`
 * makes exactly one arrival the last (D1). The read model's open task is now the most urgent one of several
 * (earliest due, then creation), and `open_nodes` lists every node holding an open task (a column added at the
 * end: the view's columns are a contract).
 */
const parallelWork = `
ALTER TABLE wf_task ADD COLUMN scope text NOT NULL DEFAULT '';
ALTER TABLE wf_task ADD COLUMN mi uuid;
CREATE INDEX wf_task_mi_idx ON wf_task (mi) WHERE mi IS NOT NULL;
CREATE INDEX wf_task_prev_idx ON wf_task (prev_task) WHERE prev_task IS NOT NULL;

CREATE TABLE wf_activation (
  id          uuid PRIMARY KEY,
  instance_id uuid NOT NULL REFERENCES wf_instance (id),
  kind        text NOT NULL CHECK (kind IN ('fork', 'multi')),
  node_key    text NOT NULL,            -- the join (fork) or the 会签 user task (multi)
  scope       text NOT NULL DEFAULT '', -- the scope of the token that entered it
  expected    integer NOT NULL CHECK (expected > 0),
  arrived     integer NOT NULL DEFAULT 0,
  votes       jsonb NOT NULL DEFAULT '{}',  -- multi: completions per outcome key ('' without outcomes)
  created_at  timestamptz NOT NULL,
  closed_at   timestamptz
);
CREATE INDEX wf_activation_instance_idx ON wf_activation (instance_id) WHERE closed_at IS NULL;

CREATE OR REPLACE VIEW wf_business_process AS
SELECT i.id AS instance_id, i.business_key, i.process_key, i.process_version, i.org_unit_code, i.org_path,
       i.status, i.suspended_reason, i.started_at, i.ended_at, i.due_at, i.warn_at,
       t.id AS task_id, t.node_key, t.state AS task_state, t.assignee, t.created_at AS task_created_at,
       t.due_at AS task_due_at, t.warn_at AS task_warn_at,
       ARRAY(SELECT DISTINCT n.node_key FROM wf_task n WHERE n.instance_id = i.id AND n.state IN ('OPEN', 'CLAIMED') ORDER BY n.node_key) AS open_nodes
  FROM wf_instance i
  LEFT JOIN LATERAL (
    SELECT ot.id, ot.node_key, ot.state, ot.assignee, ot.created_at, ot.due_at, ot.warn_at FROM wf_task ot
     WHERE ot.instance_id = i.id AND ot.state IN ('OPEN', 'CLAIMED') ORDER BY ot.due_at ASC NULLS LAST, ot.seq LIMIT 1
  ) t ON true;
`;

/**
 * The org path of a task's candidate org unit (联合办理 branches, ADR 0050/0059), copied at assignment like the
 * instance's `org_path`, so the inbox's data-scope filter reads no identity table (ADR 0069). Rows written before
 * are filled from identity's directory port when the service starts (`backfillCandOrgPaths`); until then they
 * only pass the filter by their instance's path (closed by default).
 */
const candOrgPath = `
ALTER TABLE wf_task ADD COLUMN cand_org_path text;
CREATE INDEX wf_task_cand_org_unfilled_idx ON wf_task (cand_org) WHERE cand_org IS NOT NULL AND cand_org_path IS NULL;
`;

/**
 * 008 (ADR 0091): a person's unread notices, newest first, in an index of their own. The bell (`GET /notifications`)
 * and the push consumer count them up to `UNREAD_COUNT_CAP + 1` rows (`unread.ts`): a few steps down this index,
 * whether the person has read fifty thousand notices or left them unread. The full index on (username,
 * created_at) made a capped count step over every read notice, and without it the planner scanned the table.
 */
const unreadNotices = `
CREATE INDEX wf_notification_unread_idx ON wf_notification (username, created_at DESC) WHERE read_at IS NULL;
`;

/**
 * 009 (issue 16, P11; ADR 0105): who may act on an open task, as one stored key (`open_key`, `assignment.ts`): `a:` and
 * the assignee when there is one, else the candidate — `p:post@org`, `r:role` or `u:username`; NULL once the task is
 * done. A person's 待办 is the open tasks whose key is among theirs, one index scan. The rule as a predicate over four
 * columns (`mayActSql`) had no index for the post candidate's `post@org`, and the planner's estimates came from the
 * whole table (a clerk's thousands of completed tasks): each listing read every open unassigned task. In P11 that was
 * every 勘查 task piled on eight 勘查员 posts, 160,000–310,000 rows a second. The key's statistics describe open
 * tasks only: a completed task's is NULL.
 */
const openKeys = `
ALTER TABLE wf_task ADD COLUMN open_key text GENERATED ALWAYS AS (
  CASE WHEN state IN ('OPEN', 'CLAIMED') THEN
    CASE WHEN assignee IS NOT NULL THEN 'a:' || assignee
         WHEN cand_kind = 'post' THEN 'p:' || cand_value || '@' || cand_org
         WHEN cand_kind = 'role' THEN 'r:' || cand_value
         WHEN cand_kind = 'user' THEN 'u:' || cand_value
    END
  END
) STORED;
CREATE INDEX wf_task_open_key_idx ON wf_task (open_key) WHERE open_key IS NOT NULL;
`;

/**
 * 已办 in the order it is shown (ADR 0108): a person's completed tasks newest first by `done_seq`, so a page of 已办
 * and its capped count walk this index and stop, where `(completed_by, completed_at)` left every page to sort the
 * person's whole history.
 */
const doneOrder = `
CREATE INDEX wf_task_done_idx ON wf_task (completed_by, done_seq) WHERE state = 'COMPLETED';
`;

export const workflowMigrations: Migration[] = [
  { id: 'workflow/001_engine', sql: tables },
  { id: 'workflow/002_reference_data', sql: referenceData },
  { id: 'workflow/003_read_model_and_process_sla', sql: readModel },
  { id: 'workflow/004_task_notices', sql: taskNotices },
  { id: 'workflow/005_outbox_delivery', sql: outboxDelivery },
  { id: 'workflow/006_parallel_work', sql: parallelWork },
  { id: 'workflow/007_cand_org_path', sql: candOrgPath },
  { id: 'workflow/008_unread_notices', sql: unreadNotices },
  { id: 'workflow/009_open_keys', sql: openKeys },
  { id: 'workflow/010_done_order', sql: doneOrder },
];
