import type { Migration } from '@wb/server-kit';

/**
 * Identity and permission tables. Shaped after docs/architecture.md §7 so that the full model
 * (data scope, zones/channels per permission, grant administration) adds columns and tables, not rewrites:
 * org units with a materialized path, posts held in an org unit, roles conferred by posts or granted
 * directly, typed permissions with an optional owning app.
 */
const init = `
CREATE TABLE org_unit (
  code        text PRIMARY KEY,           -- SG-style hierarchical code, e.g. 33401 / 3340101 / 334010101
  name        text NOT NULL,
  type        text NOT NULL,              -- CITY, COUNTY, STATION, SERVICE_CENTER, BUSINESS_HALL
  parent_code text REFERENCES org_unit (code),
  path        text NOT NULL UNIQUE,       -- materialized path '/33401/3340101/334010101'
  sort_no     integer NOT NULL DEFAULT 0,
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled'))
);
CREATE INDEX org_unit_path_idx ON org_unit (path text_pattern_ops);

CREATE TABLE sys_user (
  id                   text PRIMARY KEY,   -- uuid
  username             text NOT NULL UNIQUE,
  display_name         text NOT NULL,
  password_hash        text NOT NULL,      -- scrypt$N$r$p$salt$hash
  org_unit_code        text NOT NULL REFERENCES org_unit (code),
  status               text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  must_change_password boolean NOT NULL DEFAULT false,
  created_at           timestamptz NOT NULL DEFAULT now(),
  password_updated_at  timestamptz,
  last_login_at        timestamptz
);

-- 岗位: a post is held in an org unit (user_post.org_unit_code); holding it confers roles (post_role).
CREATE TABLE post (
  code     text PRIMARY KEY,
  name     text NOT NULL,
  category text,                            -- CUSTOMER_SERVICE, CONNECTION, METERING, BILLING, MANAGEMENT
  status   text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled'))
);

CREATE TABLE user_post (
  user_id       text NOT NULL REFERENCES sys_user (id) ON DELETE CASCADE,
  post_code     text NOT NULL REFERENCES post (code),
  org_unit_code text NOT NULL REFERENCES org_unit (code),
  is_primary    boolean NOT NULL DEFAULT false,
  valid_from    timestamptz,                -- NULL: since ever
  valid_to      timestamptz,                -- NULL: until revoked (exclusive bound)
  granted_by    text,
  PRIMARY KEY (user_id, post_code, org_unit_code)
);

CREATE TABLE role (
  key    text PRIMARY KEY,
  name   text NOT NULL,
  type   text NOT NULL DEFAULT 'BUSINESS' CHECK (type IN ('SYSTEM', 'BUSINESS', 'APP_ADMIN')),
  app_id text,                              -- NULL: platform role; else a micro-app's own role
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled'))
);

CREATE TABLE user_role (
  user_id       text NOT NULL REFERENCES sys_user (id) ON DELETE CASCADE,
  role_key      text NOT NULL REFERENCES role (key),
  org_unit_code text REFERENCES org_unit (code),   -- grant domain (A10); NULL: the user's own org
  granted_by    text,
  expires_at    timestamptz,
  PRIMARY KEY (user_id, role_key)
);

CREATE TABLE post_role (
  post_code text NOT NULL REFERENCES post (code),
  role_key  text NOT NULL REFERENCES role (key),
  PRIMARY KEY (post_code, role_key)
);

CREATE TABLE permission (
  key              text PRIMARY KEY,        -- '<app>:<resource>:<action>', or '*' (all)
  name             text NOT NULL,
  type             text NOT NULL CHECK (type IN ('SYSTEM', 'APP', 'DIR', 'MENU', 'BUTTON', 'API', 'FIELD')),
  app_id           text,                    -- the micro-app that declares it; NULL: platform
  parent_key       text,
  resource_type    text,                    -- data-scope module (cons, ticket, …), A10
  allowed_zones    text[],                  -- NULL: any zone (not enforced yet)
  allowed_channels text[],                  -- NULL: any channel (not enforced yet)
  risk_level       text NOT NULL DEFAULT 'NORMAL' CHECK (risk_level IN ('NORMAL', 'SENSITIVE', 'CRITICAL')),
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled'))
);

CREATE TABLE role_permission (
  role_key       text NOT NULL REFERENCES role (key),
  permission_key text NOT NULL REFERENCES permission (key),
  PRIMARY KEY (role_key, permission_key)
);

-- Server-side sessions. The cookie holds a random id; only its SHA-256 is stored, so a read of this
-- table (backup, SQL injection elsewhere) does not yield usable session ids.
CREATE TABLE session (
  id_hash          text PRIMARY KEY,
  user_id          text NOT NULL REFERENCES sys_user (id) ON DELETE CASCADE,
  active_post_code text,
  active_post_org  text,
  created_at       timestamptz NOT NULL,
  last_seen_at     timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,   -- absolute limit; idle limit is checked against last_seen_at
  ip               text,
  user_agent       text
);
CREATE INDEX session_user_idx ON session (user_id);

-- Failed logins per (username, address) for throttling (docs/quality.md S12); the audit log keeps the history.
CREATE TABLE login_attempt (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL,
  ip       text NOT NULL,
  at       timestamptz NOT NULL
);
CREATE INDEX login_attempt_key_idx ON login_attempt (username, ip, at);
`;

/**
 * The full access model of §A10: post-required permissions, permission dependencies, data-scope rules,
 * 台区 assignments, acting/concurrent posts, optimistic concurrency on role grants, and the global grant
 * version every access-changing write bumps (the principal cache revalidates against it, docs/quality.md S6).
 */
const accessModel = `
ALTER TABLE user_post ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE user_post ADD CONSTRAINT user_post_id_key UNIQUE (id);
ALTER TABLE user_post ADD COLUMN is_acting boolean NOT NULL DEFAULT false;      -- 代岗
ALTER TABLE user_post ADD COLUMN is_concurrent boolean NOT NULL DEFAULT false;  -- 兼岗
ALTER TABLE role ADD COLUMN version integer NOT NULL DEFAULT 1;                 -- optimistic concurrency of grant edits
CREATE TABLE permission_post (                 -- required posts: the permission also needs one of these posts
  permission_key text NOT NULL REFERENCES permission (key) ON DELETE CASCADE,
  post_code      text NOT NULL REFERENCES post (code),
  PRIMARY KEY (permission_key, post_code));
CREATE TABLE permission_dependency (           -- using permission_key also grants depends_on (a page using another app's API)
  permission_key text NOT NULL REFERENCES permission (key) ON DELETE CASCADE,
  depends_on     text NOT NULL REFERENCES permission (key) ON DELETE CASCADE,
  PRIMARY KEY (permission_key, depends_on));
CREATE TABLE data_scope_rule (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  role_key      text NOT NULL REFERENCES role (key) ON DELETE CASCADE,
  resource_type text NOT NULL,                 -- cons, ticket, yk_app, rcvbl …
  scope_type    text NOT NULL CHECK (scope_type IN ('ALL','ORG','ORG_AND_CHILD','CUSTOM_ORGS','SELF','ASSIGNED','MY_TG')),
  UNIQUE (role_key, resource_type));
CREATE TABLE data_scope_org (                  -- CUSTOM_ORGS: these org units and their children
  rule_id       bigint NOT NULL REFERENCES data_scope_rule (id) ON DELETE CASCADE,
  org_unit_code text NOT NULL REFERENCES org_unit (code),
  PRIMARY KEY (rule_id, org_unit_code));
CREATE TABLE user_tg (                         -- 台区经理: the transformer areas a user is responsible for (MY_TG)
  user_id text NOT NULL REFERENCES sys_user (id) ON DELETE CASCADE,
  tg_id   text NOT NULL,
  PRIMARY KEY (user_id, tg_id));
CREATE TABLE grant_version (                   -- bumped by every change that can alter anyone's access
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL);
INSERT INTO grant_version VALUES (1, 1);
`;

export const identityMigrations: Migration[] = [
  { id: 'identity/001_init', sql: init },
  { id: 'identity/002_access_model', sql: accessModel },
];
