import type { Manifest, ModuleFormat } from '@wb/contracts';
import type { Queryable } from '@wb/server-kit';
import type { VersionStatus } from './queries.ts';

/** One bundle file, hashed and ready to store. */
export interface PreparedFile {
  path: string;
  bytes: Uint8Array;
  /** sha256 hex: the blob's content address. */
  hash: string;
  /** `sha384-<base64>` for import maps / `<script integrity>`. */
  integrity: string;
  size: number;
  contentType: string;
}

export interface NewVersion {
  manifest: Manifest;
  digest: string;
  status: VersionStatus;
  actor: string;
  reviewedBy: string | null;
  sizeTotal: number;
  /** Module format of the entry, detected at upload. */
  format: ModuleFormat;
}

export async function ensureApp(tx: Queryable, manifest: Manifest): Promise<void> {
  await tx.query(
    `INSERT INTO registry_app (id, name, category, owner) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO NOTHING`,
    [manifest.id, manifest.name, manifest.category, manifest.owner],
  );
}

/**
 * Inserts the version row unless (app_id, version) exists. Returns false when it already existed:
 * on PostgreSQL a concurrent inserter of the same key waits here until the first commits, so exactly
 * one of several concurrent publishes gets `true`.
 */
export async function insertVersionIfAbsent(tx: Queryable, v: NewVersion): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO registry_version
       (app_id, version, digest, manifest, status, published_by, reviewed_by, reviewed_at, size_total, format)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, CASE WHEN $7::text IS NULL THEN NULL ELSE now() END, $8, $9)
     ON CONFLICT (app_id, version) DO NOTHING
     RETURNING app_id`,
    [v.manifest.id, v.manifest.version, v.digest, JSON.stringify(v.manifest), v.status, v.actor, v.reviewedBy, v.sizeTotal, v.format],
  );
  return rows.length === 1;
}

/** Stores each distinct blob once; sorted so concurrent publishers lock shared blobs in the same order. */
export async function storeBlobs(tx: Queryable, files: readonly PreparedFile[]): Promise<void> {
  const byHash = new Map(files.map((f) => [f.hash, f]));
  const hashes = [...byHash.keys()].sort();
  const existing = await tx.query<{ hash: string }>('SELECT hash FROM registry_blob WHERE hash = ANY($1::text[])', [hashes]);
  const present = new Set(existing.map((r) => r.hash));
  for (const hash of hashes) {
    const f = byHash.get(hash);
    if (!f || present.has(hash)) continue;
    await tx.query(
      `INSERT INTO registry_blob (hash, bytes, size, content_type) VALUES ($1, $2, $3, $4)
       ON CONFLICT (hash) DO NOTHING`,
      [hash, f.bytes, f.size, f.contentType],
    );
  }
}

export async function insertVersionFiles(tx: Queryable, manifest: Manifest, files: readonly PreparedFile[]): Promise<void> {
  for (const f of files) {
    await tx.query(
      `INSERT INTO registry_version_file (app_id, version, path, blob_hash, integrity, size)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [manifest.id, manifest.version, f.path, f.hash, f.integrity, f.size],
    );
  }
}

export async function insertDeclaredPermissions(tx: Queryable, manifest: Manifest): Promise<void> {
  for (const p of manifest.permissions) {
    await tx.query(
      `INSERT INTO registry_permission (app_id, version, key, name, type) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [manifest.id, manifest.version, p.key, p.name, p.type],
    );
  }
}

/** Moves the current-version pointer and refreshes the app's catalogue fields from that version. */
export async function setCurrentVersion(tx: Queryable, manifest: Manifest): Promise<void> {
  await tx.query(
    `UPDATE registry_app
        SET current_version = $2, name = $3, category = $4, owner = $5, updated_at = now()
      WHERE id = $1`,
    [manifest.id, manifest.version, manifest.name, manifest.category, manifest.owner],
  );
}

export async function currentVersionOf(tx: Queryable, appId: string): Promise<string | null> {
  const rows = await tx.query<{ current_version: string | null }>(
    'SELECT current_version FROM registry_app WHERE id = $1 FOR UPDATE',
    [appId],
  );
  return rows[0]?.current_version ?? null;
}
