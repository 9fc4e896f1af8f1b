import type { Manifest, ModuleFormat } from '@wb/contracts';
import type { Rollout, Visibility } from '@wb/contracts/appstore';
import type { Queryable } from '@wb/server-kit';

/** Version lifecycle (docs/architecture.md §6). Issue 4 adds the review transitions. */
export type VersionStatus = 'DRAFT' | 'IN_REVIEW' | 'PUBLISHED' | 'OFFLINE';

export interface StoredFile {
  path: string;
  integrity: string;
  size: number;
}

/** Immutable content of one version: safe to cache for the life of the process. */
export interface VersionDetail {
  appId: string;
  version: string;
  digest: string;
  manifest: Manifest;
  /** Module format of the entry, recorded at upload (ADR 0023, 0040). */
  format: ModuleFormat;
  files: StoredFile[];
}

export interface CurrentPointer {
  appId: string;
  version: string;
  /** Rollout of another PUBLISHED version to some users, or null. */
  rollout: Rollout | null;
  /** Administrator overrides that hide the app from some org units or posts. */
  visibility: Visibility;
}

export interface DeclaredPermission {
  appId: string;
  version: string;
  key: string;
  name: string;
  type: string;
  /** The declaring app's manifest zones: its permissions are usable from these zones only. */
  zones: string[];
}

export async function findVersionState(
  q: Queryable,
  appId: string,
  version: string,
): Promise<{ digest: string; status: VersionStatus; current: boolean } | null> {
  const rows = await q.query<{ digest: string; status: VersionStatus; current: boolean }>(
    `SELECT v.digest, v.status, (a.current_version IS NOT DISTINCT FROM v.version) AS current
       FROM registry_version v JOIN registry_app a ON a.id = v.app_id
      WHERE v.app_id = $1 AND v.version = $2`,
    [appId, version],
  );
  return rows[0] ?? null;
}

/** Apps users may currently be served: active app, current version PUBLISHED. */
export async function loadCurrentPointers(q: Queryable): Promise<CurrentPointer[]> {
  return q.query<CurrentPointer>(
    `SELECT a.id AS "appId", a.current_version AS version, a.rollout, a.visibility
       FROM registry_app a
       JOIN registry_version v ON v.app_id = a.id AND v.version = a.current_version
      WHERE a.status = 'ACTIVE' AND v.status = 'PUBLISHED'
      ORDER BY a.id`,
  );
}

/** Apps the user removed from their own menu (应用市场); one lookup on the primary key's leading column. */
export async function loadRemovedFromMenu(q: Queryable, userId: string): Promise<ReadonlySet<string>> {
  const rows = await q.query<{ app_id: string }>(
    'SELECT app_id FROM registry_user_app_pref WHERE user_id = $1 AND NOT in_menu',
    [userId],
  );
  return new Set(rows.map((r) => r.app_id));
}

export async function loadVersionDetail(q: Queryable, appId: string, version: string): Promise<VersionDetail | null> {
  const versions = await q.query<{ digest: string; manifest: Manifest; format: ModuleFormat }>(
    'SELECT digest, manifest, format FROM registry_version WHERE app_id = $1 AND version = $2',
    [appId, version],
  );
  const row = versions[0];
  if (!row) return null;
  const files = await q.query<StoredFile>(
    `SELECT path, integrity, size FROM registry_version_file
      WHERE app_id = $1 AND version = $2 ORDER BY path`,
    [appId, version],
  );
  return { appId, version, digest: row.digest, manifest: row.manifest, format: row.format, files };
}

/**
 * Statuses whose files anyone may load: the version passed review. OFFLINE (a published version withdrawn;
 * nothing sets it yet) stays reviewed code, as do all versions of an app taken offline (ADR 0016).
 */
export const REVIEWED_STATUSES: ReadonlySet<VersionStatus> = new Set(['PUBLISHED', 'OFFLINE']);

/** One file of a stored version, as an asset URL names it, with what decides who may load it. */
export interface AssetBlob {
  hash: string;
  bytes: Uint8Array;
  status: VersionStatus;
  /** Who uploaded the version (registry_version.published_by). */
  uploader: string;
}

/** Resolves an asset URL (`/assets/apps/<app>/<digest16>/<path>`) to the blob holding its bytes. */
export async function findAssetBlob(q: Queryable, appId: string, urlDigest: string, path: string): Promise<AssetBlob | null> {
  const rows = await q.query<AssetBlob>(
    `SELECT b.hash, b.bytes, v.status, v.published_by AS uploader
       FROM registry_version v
       JOIN registry_version_file f ON f.app_id = v.app_id AND f.version = v.version
       JOIN registry_blob b ON b.hash = f.blob_hash
      WHERE v.app_id = $1 AND substr(v.digest, 1, 16) = $2 AND f.path = $3
      LIMIT 1`,
    [appId, urlDigest, path],
  );
  return rows[0] ?? null;
}

/** Permissions declared by the current version of every app (for the grant UI of a later issue). */
export async function listDeclaredPermissions(q: Queryable): Promise<DeclaredPermission[]> {
  return q.query<DeclaredPermission>(
    `SELECT p.app_id AS "appId", p.version, p.key, p.name, p.type,
            COALESCE(v.manifest -> 'zones', '["intranet", "internet"]'::jsonb) AS zones
       FROM registry_permission p
       JOIN registry_app a ON a.id = p.app_id AND a.current_version = p.version
       JOIN registry_version v ON v.app_id = p.app_id AND v.version = p.version
      ORDER BY p.app_id, p.key`,
  );
}

/** A role a micro-app declares for itself (manifest `roles`), with the app permissions it bundles. */
export interface DeclaredRole {
  appId: string;
  key: string;
  name: string;
  permissions: string[];
}

/** Roles declared by the current version of every app. */
export async function listDeclaredRoles(q: Queryable): Promise<DeclaredRole[]> {
  const rows = await q.query<{ appId: string; roles: Array<{ key: string; name: string; permissions: string[] }> | null }>(
    `SELECT v.app_id AS "appId", v.manifest -> 'roles' AS roles
       FROM registry_version v
       JOIN registry_app a ON a.id = v.app_id AND a.current_version = v.version
      ORDER BY v.app_id`,
  );
  return rows.flatMap((r) => (r.roles ?? []).map((role) => ({ appId: r.appId, ...role })));
}

export async function recordEvent(
  q: Queryable,
  event: { actor: string; action: string; appId: string | null; version: string | null; detail: object },
): Promise<void> {
  await q.query(
    'INSERT INTO registry_event (actor, action, app_id, version, detail) VALUES ($1, $2, $3, $4, $5::jsonb)',
    [event.actor, event.action, event.appId, event.version, JSON.stringify(event.detail)],
  );
}
