import type { Migration } from '@wb/server-kit';

/**
 * Tables of the billing service (电费账务, issue 13, ADR 0035). Money columns are bigint 分.
 *
 * - `billing_account`: the billing side of a 户 (tariff, 预存 balance, 保电/敏感, power state, 停电通知), with the
 *   customer's org path copied for the `bill` data scope (the archive is read only through its port).
 * - `billing_reading`: one reading per 户 and month (采集, manual, 估抄) and its 复核 exception.
 * - `billing_batch` / `billing_bill`: a 核算 batch of one month and its calculated bills (replaced by a new
 *   calculation until issued).
 * - `billing_receivable`: 应收, one per (户号, 应收年月) — the unique key makes 发行 idempotent; a trigger refuses
 *   any change of what was issued (amount, lines, kWh, month, customer): corrections are 退补 adjustments.
 * - `billing_payment` / `billing_allocation`: 实收 and how each payment was allocated (oldest first, 违约金 first);
 *   a reversed payment keeps its rows, marked reversed.
 * - `billing_order`: 停电 and 复电 orders with their due time.
 */
const tables = `
CREATE TABLE billing_account (
  cons_no        text PRIMARY KEY CHECK (cons_no ~ '^[0-9]{10}$'),
  name           text NOT NULL,
  org_unit_code  text NOT NULL,
  org_path       text NOT NULL,
  tariff_code    text NOT NULL,
  resident       boolean NOT NULL,
  capacity_kva   integer NOT NULL DEFAULT 0,
  prepaid_fen    bigint NOT NULL DEFAULT 0 CHECK (prepaid_fen >= 0),
  protected_flag boolean NOT NULL DEFAULT false,
  power_state    text NOT NULL DEFAULT 'ON' CHECK (power_state IN ('ON', 'OFF')),
  notice_at      timestamptz,
  version        integer NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX billing_account_org_path_idx ON billing_account (org_path text_pattern_ops);

CREATE TABLE billing_reading (
  cons_no     text NOT NULL,
  ym          text NOT NULL CHECK (ym ~ '^[0-9]{6}$'),
  source      text NOT NULL CHECK (source IN ('AMI', 'MANUAL', 'ESTIMATED')),
  prev_index  bigint NOT NULL,
  curr_index  bigint NOT NULL,
  multiplier  integer NOT NULL DEFAULT 1,
  kwh         integer NOT NULL,
  peak_kwh    integer NOT NULL DEFAULT 0,
  flat_kwh    integer NOT NULL DEFAULT 0,
  valley_kwh  integer NOT NULL DEFAULT 0,
  kvarh       integer NOT NULL DEFAULT 0,
  demand_kw   integer NOT NULL DEFAULT 0,
  exception   text CHECK (exception IN ('ZERO', 'JUMP', 'REVERSE', 'ESTIMATED')),
  version     integer NOT NULL DEFAULT 1,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cons_no, ym)
);
CREATE INDEX billing_reading_ym_idx ON billing_reading (ym);

CREATE TABLE billing_batch (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ym            text NOT NULL,
  org_unit_code text,
  org_path      text,
  status        text NOT NULL CHECK (status IN ('CALCULATED', 'ISSUED')),
  bills         integer NOT NULL DEFAULT 0,
  kwh           bigint NOT NULL DEFAULT 0,
  amount_fen    bigint NOT NULL DEFAULT 0,
  exceptions    integer NOT NULL DEFAULT 0,
  issued        integer NOT NULL DEFAULT 0,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL,
  issued_at     timestamptz,
  version       integer NOT NULL DEFAULT 1
);

CREATE TABLE billing_bill (
  batch_id    bigint NOT NULL REFERENCES billing_batch (id) ON DELETE CASCADE,
  cons_no     text NOT NULL,
  ym          text NOT NULL,
  tariff_code text NOT NULL,
  kwh         integer NOT NULL,
  lines       jsonb NOT NULL,
  amount_fen  bigint NOT NULL,
  exception   text,
  PRIMARY KEY (batch_id, cons_no)
);

CREATE TABLE billing_receivable (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cons_no          text NOT NULL,
  ym               text NOT NULL CHECK (ym ~ '^[0-9]{6}$'),
  org_unit_code    text NOT NULL,
  org_path         text NOT NULL,
  tariff_code      text NOT NULL,
  resident         boolean NOT NULL,
  kwh              integer NOT NULL,
  lines            jsonb NOT NULL,
  amount_fen       bigint NOT NULL CHECK (amount_fen >= 0),
  paid_fen         bigint NOT NULL DEFAULT 0,
  penalty_fen      bigint NOT NULL DEFAULT 0,
  penalty_paid_fen bigint NOT NULL DEFAULT 0,
  -- 违约金 is charged up to this day (at each payment); later days accrue on the open amount.
  penalty_through  date,
  due_date         date NOT NULL,
  batch_id         bigint,
  issued_at        timestamptz NOT NULL,
  UNIQUE (cons_no, ym),
  CHECK (paid_fen BETWEEN 0 AND amount_fen),
  CHECK (penalty_paid_fen BETWEEN 0 AND penalty_fen)
);
CREATE INDEX billing_receivable_open_idx ON billing_receivable (cons_no, ym) WHERE paid_fen < amount_fen OR penalty_paid_fen < penalty_fen;
CREATE INDEX billing_receivable_org_path_idx ON billing_receivable (org_path text_pattern_ops);

-- Issued is issued: what a receivable bills never changes (corrections are 退补 adjustments).
CREATE FUNCTION billing_receivable_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.cons_no <> OLD.cons_no OR NEW.ym <> OLD.ym OR NEW.amount_fen <> OLD.amount_fen OR NEW.kwh <> OLD.kwh
     OR NEW.lines <> OLD.lines OR NEW.tariff_code <> OLD.tariff_code OR NEW.due_date <> OLD.due_date THEN
    RAISE EXCEPTION 'billing_receivable % is issued and cannot change', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER billing_receivable_immutable BEFORE UPDATE ON billing_receivable
  FOR EACH ROW EXECUTE FUNCTION billing_receivable_immutable();
CREATE FUNCTION billing_receivable_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'billing_receivable % is issued and cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER billing_receivable_no_delete BEFORE DELETE ON billing_receivable
  FOR EACH ROW EXECUTE FUNCTION billing_receivable_no_delete();

CREATE TABLE billing_payment (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cons_no          text NOT NULL,
  org_path         text NOT NULL,
  amount_fen       bigint NOT NULL CHECK (amount_fen > 0),
  method           text NOT NULL CHECK (method IN ('CASH', 'CARD', 'QR', 'BANK', 'ONLINE')),
  collector        text NOT NULL,
  paid_at          timestamptz NOT NULL,
  prepaid_fen      bigint NOT NULL DEFAULT 0,
  reversed         boolean NOT NULL DEFAULT false,
  reversed_by      text,
  reversed_at      timestamptz,
  reverse_reason   text,
  restore_order_id bigint,
  version          integer NOT NULL DEFAULT 1
);
CREATE INDEX billing_payment_cons_idx ON billing_payment (cons_no, paid_at DESC);
CREATE INDEX billing_payment_collector_idx ON billing_payment (collector, paid_at DESC);

CREATE TABLE billing_allocation (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_id    bigint REFERENCES billing_payment (id),
  receivable_id bigint NOT NULL REFERENCES billing_receivable (id),
  principal_fen bigint NOT NULL CHECK (principal_fen >= 0),
  penalty_fen   bigint NOT NULL CHECK (penalty_fen >= 0),
  reversed      boolean NOT NULL DEFAULT false,
  at            timestamptz NOT NULL
);
CREATE INDEX billing_allocation_payment_idx ON billing_allocation (payment_id);
CREATE INDEX billing_allocation_receivable_idx ON billing_allocation (receivable_id);

CREATE TABLE billing_order (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('CUTOFF', 'RESTORE')),
  cons_no       text NOT NULL,
  org_unit_code text NOT NULL,
  org_path      text NOT NULL,
  status        text NOT NULL CHECK (status IN ('OPEN', 'DONE', 'FAILED')),
  planned_at    timestamptz NOT NULL,
  due_at        timestamptz,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL,
  done_at       timestamptz,
  note          text,
  version       integer NOT NULL DEFAULT 1
);
CREATE INDEX billing_order_open_idx ON billing_order (status, kind, due_at);
CREATE INDEX billing_order_cons_idx ON billing_order (cons_no, created_at DESC);
-- At most one open order of a kind per customer.
CREATE UNIQUE INDEX billing_order_one_open_idx ON billing_order (cons_no, kind) WHERE status = 'OPEN';

-- Idempotency-Key records of POST /payments (docs/quality.md D2): a retried payment charges once.
CREATE TABLE billing_idempotency (
  key          text NOT NULL,
  username     text NOT NULL,
  request_hash text NOT NULL,
  payment_id   bigint NOT NULL REFERENCES billing_payment (id),
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (username, key)
);
`;

/**
 * 002 (ADR 0043): the 抄表段 of a reading; 退补 adjustments (a 补收 is a receivable of its own: the unique key becomes
 * `(cons_no, ym, adjustment_id)` with 0 for bills; the trigger keeps `adjustment_id` immutable too), 银行代扣 imports (one row per applied bank 流水号: a
 * line imported twice charges once), 催费 actions (one per step and arrears episode) and the messages the default
 * SMS gateway adapter recorded.
 */
const adjustmentsAndCollection = `
-- 0 for a bill of 发行; the 退补 adjustment's id for a 补收. The one unique index still serves lookups by 户号.
ALTER TABLE billing_receivable ADD COLUMN adjustment_id bigint NOT NULL DEFAULT 0;
ALTER TABLE billing_receivable DROP CONSTRAINT billing_receivable_cons_no_ym_key;
ALTER TABLE billing_receivable ADD CONSTRAINT billing_receivable_cons_no_ym_key UNIQUE (cons_no, ym, adjustment_id);
CREATE OR REPLACE FUNCTION billing_receivable_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.cons_no <> OLD.cons_no OR NEW.ym <> OLD.ym OR NEW.amount_fen <> OLD.amount_fen OR NEW.kwh <> OLD.kwh
     OR NEW.lines <> OLD.lines OR NEW.tariff_code <> OLD.tariff_code OR NEW.due_date <> OLD.due_date
     OR NEW.adjustment_id <> OLD.adjustment_id THEN
    RAISE EXCEPTION 'billing_receivable % is issued and cannot change', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

-- 抄表 plans: a reading remembers the 抄表段 it was read in (the archive's mr_sect; NULL for seeded 采集 rows).
ALTER TABLE billing_reading ADD COLUMN mr_sect_no text;

CREATE TABLE billing_adjustment (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cons_no        text NOT NULL,
  org_unit_code  text NOT NULL,
  org_path       text NOT NULL,
  ym             text NOT NULL CHECK (ym ~ '^[0-9]{6}$'),
  kind           text NOT NULL CHECK (kind IN ('REFUND', 'SUPPLEMENT')),
  amount_fen     bigint NOT NULL CHECK (amount_fen > 0),
  kwh            integer NOT NULL DEFAULT 0,
  reason         text NOT NULL,
  status         text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
  requested_by   text NOT NULL,
  requested_at   timestamptz NOT NULL,
  decided_by     text,
  decided_at     timestamptz,
  decision_note  text,
  receivable_id  bigint REFERENCES billing_receivable (id),
  settled_fen    bigint NOT NULL DEFAULT 0,
  version        integer NOT NULL DEFAULT 1,
  CHECK (status = 'PENDING' OR decided_by IS NOT NULL),
  CHECK (decided_by IS NULL OR decided_by <> requested_by)
);
CREATE INDEX billing_adjustment_status_idx ON billing_adjustment (status, id DESC);
CREATE INDEX billing_adjustment_cons_idx ON billing_adjustment (cons_no, ym);

CREATE TABLE billing_bank_import (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  file_name    text NOT NULL,
  imported_by  text NOT NULL,
  imported_at  timestamptz NOT NULL,
  lines        integer NOT NULL DEFAULT 0,
  applied      integer NOT NULL DEFAULT 0,
  duplicates   integer NOT NULL DEFAULT 0,
  errors       integer NOT NULL DEFAULT 0,
  applied_fen  bigint NOT NULL DEFAULT 0,
  results      jsonb NOT NULL DEFAULT '[]'
);
CREATE TABLE billing_bank_line (
  serial      text PRIMARY KEY,
  import_id   bigint NOT NULL REFERENCES billing_bank_import (id),
  line_no     integer NOT NULL,
  cons_no     text NOT NULL,
  amount_fen  bigint NOT NULL,
  payment_id  bigint NOT NULL REFERENCES billing_payment (id),
  at          timestamptz NOT NULL
);

CREATE TABLE billing_dunning (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cons_no        text NOT NULL,
  org_unit_code  text NOT NULL,
  org_path       text NOT NULL,
  -- The arrears episode: the oldest open receivable when the step ran.
  episode_id     bigint NOT NULL,
  step           text NOT NULL CHECK (step IN ('SMS', 'CALL', 'VISIT', 'NOTICE')),
  status         text NOT NULL CHECK (status IN ('OPEN', 'DONE', 'SENT')),
  owe_fen        bigint NOT NULL,
  created_at     timestamptz NOT NULL,
  done_by        text,
  done_at        timestamptz,
  note           text,
  version        integer NOT NULL DEFAULT 1,
  UNIQUE (cons_no, episode_id, step)
);
CREATE INDEX billing_dunning_status_idx ON billing_dunning (status, step, id DESC);
CREATE INDEX billing_dunning_org_path_idx ON billing_dunning (org_path text_pattern_ops);

CREATE TABLE billing_sms_message (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The outbox event's source: a repeated delivery records nothing new.
  dunning_id  bigint NOT NULL UNIQUE REFERENCES billing_dunning (id),
  cons_no     text NOT NULL,
  org_path    text NOT NULL,
  phone       text NOT NULL,
  text        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('SMS', 'NOTICE')),
  status      text NOT NULL CHECK (status IN ('SENT', 'FAILED')),
  created_at  timestamptz NOT NULL
);
CREATE INDEX billing_sms_message_cons_idx ON billing_sms_message (cons_no, id DESC);
`;

/**
 * ADR 0049: 抄表复核 records who confirmed or corrected an exceptional reading (核算 then bills it); 量费审核 keeps
 * the exception it passed on the bill (`audit_note`, with `exception` cleared so that 发行 takes the bill).
 */
const boundTasks = `
ALTER TABLE billing_reading ADD COLUMN reviewed_by text;
ALTER TABLE billing_reading ADD COLUMN reviewed_at timestamptz;
ALTER TABLE billing_bill ADD COLUMN audit_note text;
`;

/**
 * P15 (ADR 0060): a bill's batch is checked by the one statement that writes the batch's bills, not by a foreign-key
 * trigger per row (≈ 10 % of 核算); a re-calculation deletes the replaced batch's bills with it.
 */
const setBasedRun = `
ALTER TABLE billing_bill DROP CONSTRAINT IF EXISTS billing_bill_batch_id_fkey;
`;

/**
 * The indicators' refresh of one 供电所 × month after each billing event (ADR 0061, 0074): by the unit's rows of
 * that month, not the whole month of every unit (a payment refreshed its month by scanning all its receivables).
 */
const unitMonthIndexes = `
CREATE INDEX billing_receivable_unit_ym_idx ON billing_receivable (org_unit_code, ym);
CREATE INDEX billing_account_unit_idx ON billing_account (org_unit_code);
`;

export const billingMigrations: Migration[] = [
  { id: 'billing/001_billing', sql: tables },
  { id: 'billing/002_adjustments_collection', sql: adjustmentsAndCollection },
  { id: 'billing/003_bound_tasks', sql: boundTasks },
  { id: 'billing/004_set_based_run', sql: setBasedRun },
  { id: 'billing/005_unit_month_indexes', sql: unitMonthIndexes },
];
