import type { Migration } from '@wb/server-kit';

/**
 * The registry owns these tables (docs/architecture.md §6). Versions and files are immutable once written:
 * nothing updates registry_version_file or registry_blob, and a version's manifest/digest never change;
 * only a version's status and the app's current-version pointer move.
 */
export const registryMigrations: Migration[] = [
  {
    id: 'registry/001_catalogue',
    sql: `
CREATE TABLE registry_blob (
  hash         text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
  bytes        bytea NOT NULL,
  size         integer NOT NULL CHECK (size >= 0),
  content_type text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE registry_app (
  id              text PRIMARY KEY,
  name            text NOT NULL,
  category        text NOT NULL,
  owner           text NOT NULL DEFAULT '',
  status          text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'OFFLINE')),
  current_version text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE registry_version (
  app_id       text NOT NULL REFERENCES registry_app (id),
  version      text NOT NULL,
  digest       text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
  manifest     jsonb NOT NULL,
  status       text NOT NULL CHECK (status IN ('DRAFT', 'IN_REVIEW', 'PUBLISHED', 'OFFLINE')),
  published_by text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  reviewed_by  text,
  reviewed_at  timestamptz,
  size_total   integer NOT NULL,
  PRIMARY KEY (app_id, version)
);
-- Asset URLs carry the first 16 hex digits of the digest.
CREATE INDEX registry_version_url_digest ON registry_version (app_id, (substr(digest, 1, 16)));

ALTER TABLE registry_app
  ADD CONSTRAINT registry_app_current_version_fk
  FOREIGN KEY (id, current_version) REFERENCES registry_version (app_id, version);

CREATE TABLE registry_version_file (
  app_id    text NOT NULL,
  version   text NOT NULL,
  path      text NOT NULL,
  blob_hash text NOT NULL REFERENCES registry_blob (hash),
  integrity text NOT NULL CHECK (integrity LIKE 'sha384-%'),
  size      integer NOT NULL,
  PRIMARY KEY (app_id, version, path),
  FOREIGN KEY (app_id, version) REFERENCES registry_version (app_id, version)
);

-- Permissions a version declares (manifest.permissions), so that a later issue can offer them for granting.
CREATE TABLE registry_permission (
  app_id  text NOT NULL,
  version text NOT NULL,
  key     text NOT NULL,
  name    text NOT NULL,
  type    text NOT NULL CHECK (type IN ('APP', 'MENU', 'BUTTON', 'API', 'FIELD')),
  PRIMARY KEY (app_id, version, key),
  FOREIGN KEY (app_id, version) REFERENCES registry_version (app_id, version)
);

-- Audit of publishing (docs/quality.md S14): successes and refusals, who, what, when.
CREATE TABLE registry_event (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at      timestamptz NOT NULL DEFAULT now(),
  actor   text NOT NULL,
  action  text NOT NULL,
  app_id  text,
  version text,
  detail  jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX registry_event_app ON registry_event (app_id, at);
`,
  },
  {
    id: 'registry/002_appstore',
    sql: `
-- Review (issue 4): when a version was submitted, why the last review rejected it, the reviewer's opinion.
ALTER TABLE registry_version ADD COLUMN submitted_at timestamptz;
ALTER TABLE registry_version ADD COLUMN reject_reason text;
ALTER TABLE registry_version ADD COLUMN review_opinion text;

-- Per-app rollout (who sees which version instead of the current one) and administrator visibility overrides.
-- row_version: optimistic concurrency of the rollout and visibility settings (If-Match / ETag).
ALTER TABLE registry_app ADD COLUMN rollout jsonb;
ALTER TABLE registry_app ADD COLUMN visibility jsonb NOT NULL DEFAULT '{"hiddenOrgUnitCodes": [], "hiddenPostCodes": []}'::jsonb;
ALTER TABLE registry_app ADD COLUMN row_version integer NOT NULL DEFAULT 1;

-- 应用市场: a user's choice to keep an app out of their own menu (absent row: in the menu).
CREATE TABLE registry_user_app_pref (
  user_id    text NOT NULL,
  app_id     text NOT NULL REFERENCES registry_app (id),
  in_menu    boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, app_id)
);

-- Home layouts: a user's own, and administrators' defaults per post.
CREATE TABLE registry_user_layout (
  user_id    text PRIMARY KEY,
  items      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE registry_post_layout (
  post_code  text PRIMARY KEY,
  items      jsonb NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    id: 'registry/003_module_format',
    sql: `
-- Module format of a version's entry, detected at upload (issue 11, ADR 0023). Versions stored before were
-- accepted as ES modules only (the import map loads nothing else), so they are 'esm'.
ALTER TABLE registry_version ADD COLUMN format text NOT NULL DEFAULT 'esm' CHECK (format IN ('esm', 'systemjs'));
`,
  },
];
