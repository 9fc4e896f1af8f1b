import type { Migration } from '@wb/server-kit';

/**
 * Tables of the customer-portal service (掌上电力, issue 14; ADR 0045 realm, ADR 0046 payments).
 *
 * Realm (`cp_`): customers by phone (a password hash once they set one), their server-side sessions (only the
 * SHA-256 of the cookie value is stored, as for staff), verification codes (hashed, with attempts, expiry and the
 * address that asked: rate limits count these rows), the 户号 each customer bound, and the messages the default
 * SMS adapter recorded from the outbox.
 *
 * Payments (`cp_pay_`): our payment orders (商户订单号 `out_trade_no`, the amount fixed at creation, the provider's
 * transaction once paid, billing's payment once written off — unique, so one order writes off once), their
 * Idempotency-Key records, and an event log of every notification and query (refusals included).
 *
 * The simulated provider keeps its own books (`sim_pay_trade`): nothing of ours reads them but its adapter.
 */
const tables = `
CREATE TABLE cp_customer (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  phone         text NOT NULL UNIQUE CHECK (phone ~ '^1[0-9]{10}$'),
  password_hash text,
  created_at    timestamptz NOT NULL,
  last_login_at timestamptz
);

CREATE TABLE cp_session (
  id_hash      text PRIMARY KEY,
  customer_id  bigint NOT NULL REFERENCES cp_customer (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);
CREATE INDEX cp_session_customer_idx ON cp_session (customer_id);

CREATE TABLE cp_code (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  phone       text NOT NULL,
  purpose     text NOT NULL CHECK (purpose IN ('LOGIN', 'BIND')),
  cons_no     text,
  customer_id bigint,
  code_hash   text NOT NULL,
  ip          text NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  attempts    integer NOT NULL DEFAULT 0
);
CREATE INDEX cp_code_phone_idx ON cp_code (phone, created_at DESC);
CREATE INDEX cp_code_ip_idx ON cp_code (ip, created_at DESC);

CREATE TABLE cp_binding (
  customer_id bigint NOT NULL REFERENCES cp_customer (id) ON DELETE CASCADE,
  cons_no     text NOT NULL CHECK (cons_no ~ '^[0-9]{10}$'),
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (customer_id, cons_no)
);
CREATE INDEX cp_binding_cons_idx ON cp_binding (cons_no);

CREATE TABLE cp_sms_message (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The outbox event's source: a repeated delivery records nothing new.
  code_id    bigint NOT NULL UNIQUE REFERENCES cp_code (id),
  phone      text NOT NULL,
  text       text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX cp_sms_message_phone_idx ON cp_sms_message (phone, id DESC);

CREATE TABLE cp_pay_order (
  out_trade_no      text PRIMARY KEY,
  customer_id       bigint NOT NULL REFERENCES cp_customer (id),
  cons_no           text NOT NULL,
  amount_fen        bigint NOT NULL CHECK (amount_fen > 0),
  receivable_ids    jsonb,
  status            text NOT NULL CHECK (status IN ('CREATED', 'PAID', 'CLOSED')),
  provider          text NOT NULL,
  checkout_url      text,
  return_path       text,
  provider_trade_no text UNIQUE,
  payment_id        bigint UNIQUE,
  restore_order_id  bigint,
  settled_by        text CHECK (settled_by IN ('NOTIFY', 'QUERY')),
  created_at        timestamptz NOT NULL,
  paid_at           timestamptz,
  CHECK ((status = 'PAID') = (payment_id IS NOT NULL))
);
CREATE INDEX cp_pay_order_customer_idx ON cp_pay_order (customer_id, created_at DESC);
CREATE INDEX cp_pay_order_pending_idx ON cp_pay_order (created_at) WHERE status = 'CREATED';
CREATE INDEX cp_pay_order_paid_idx ON cp_pay_order (paid_at) WHERE status = 'PAID';

CREATE TABLE cp_idempotency (
  key          text NOT NULL,
  username     text NOT NULL,
  request_hash text NOT NULL,
  out_trade_no text NOT NULL REFERENCES cp_pay_order (out_trade_no),
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (username, key)
);

CREATE TABLE cp_pay_event (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  out_trade_no text NOT NULL,
  kind         text NOT NULL,
  detail       jsonb NOT NULL DEFAULT '{}',
  at           timestamptz NOT NULL
);
CREATE INDEX cp_pay_event_order_idx ON cp_pay_event (out_trade_no, id);

-- The simulated provider's own books (its adapter is the only reader).
CREATE TABLE sim_pay_trade (
  transaction_id text PRIMARY KEY,
  mch_id         text NOT NULL,
  out_trade_no   text NOT NULL,
  amount_fen     bigint NOT NULL,
  subject        text NOT NULL,
  notify_url     text NOT NULL,
  return_url     text NOT NULL,
  status         text NOT NULL CHECK (status IN ('NOTPAY', 'SUCCESS', 'CLOSED')),
  created_at     timestamptz NOT NULL,
  paid_at        timestamptz,
  notify_attempts integer NOT NULL DEFAULT 0,
  notified_at    timestamptz,
  UNIQUE (mch_id, out_trade_no)
);
CREATE INDEX sim_pay_trade_paid_idx ON sim_pay_trade (paid_at) WHERE status = 'SUCCESS';
`;

/** 002: the 95598 报修 a customer made here (the ticket service owns the tickets; this is whose they are). */
const repairs = `
CREATE TABLE cp_repair (
  ticket_no   text PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES cp_customer (id),
  cons_no     text NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX cp_repair_customer_idx ON cp_repair (customer_id, created_at DESC);
`;

/** Staff administration (ADR 0060): an account can be disabled (no sign-in, no session); changes check the version. */
const staffAdministration = `
ALTER TABLE cp_customer ADD COLUMN status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DISABLED'));
ALTER TABLE cp_customer ADD COLUMN disabled_reason text;
ALTER TABLE cp_customer ADD COLUMN version integer NOT NULL DEFAULT 1;
`;

/**
 * 004 (ADR 0083): the notifications answered while another settlement held their order, which the sweep writes off
 * should that settlement roll back — found by time, without reading the whole event log.
 */
const inFlightNotices = `
CREATE INDEX cp_pay_event_in_flight_idx ON cp_pay_event (at) WHERE kind = 'NOTIFY_IN_FLIGHT';
`;

/**
 * 005: a 报修 is the reporting customer's, in their own words. Several people may bind one 户号 (a family), and a
 * report of a 户 with an open repair merges into that ticket (催办): each reporter has their row, with what they
 * wrote — the ticket's own content may be another person's (a 95598 caller's). Rows from before have no content.
 */
const ownRepairs = `
ALTER TABLE cp_repair ADD COLUMN content text;
ALTER TABLE cp_repair DROP CONSTRAINT cp_repair_pkey;
ALTER TABLE cp_repair ADD PRIMARY KEY (ticket_no, customer_id);
`;

export const customerPortalMigrations: Migration[] = [
  { id: 'customer-portal/001_realm_payments', sql: tables },
  { id: 'customer-portal/002_repairs', sql: repairs },
  { id: 'customer-portal/003_staff_administration', sql: staffAdministration },
  { id: 'customer-portal/004_in_flight_notices', sql: inFlightNotices },
  { id: 'customer-portal/005_own_repairs', sql: ownRepairs },
];
