import semver from 'semver';
import type { Manifest, ModuleFormat } from '@wb/contracts';
import type { Rollout, StoreAppDetail, StoreAppQuery, StoreAppSummary, StoreEvent, StoreVersion, Visibility } from '@wb/contracts/appstore';
import type { Queryable } from '@wb/server-kit';
import type { VersionStatus } from '../catalogue/queries.ts';

/** Read side of the app store's administration pages (catalogue, detail, audit trail). */

interface AppRow {
  id: string;
  name: string;
  category: string;
  owner: string;
  status: 'ACTIVE' | 'OFFLINE';
  current_version: string | null;
  rollout: Rollout | null;
  visibility: Visibility;
  row_version: number;
  updated_at: Date | string;
}

interface VersionRow {
  app_id: string;
  version: string;
  status: VersionStatus;
  digest: string;
  manifest: Manifest;
  size_total: number;
  file_count: number;
  published_by: string;
  published_at: Date | string;
  submitted_at: Date | string | null;
  reviewed_by: string | null;
  reviewed_at: Date | string | null;
  reject_reason: string | null;
  format: ModuleFormat;
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** Newest first by semantic version. */
function bySemverDesc(a: { version: string }, b: { version: string }): number {
  return semver.rcompare(a.version, b.version);
}

const APP_COLUMNS = 'id, name, category, owner, status, current_version, rollout, visibility, row_version, updated_at';
const VERSION_COLUMNS = `v.app_id, v.version, v.status, v.digest, v.manifest, v.size_total, v.published_by, v.published_at,
  v.submitted_at, v.reviewed_by, v.reviewed_at, v.reject_reason, v.format,
  (SELECT count(*)::int FROM registry_version_file f WHERE f.app_id = v.app_id AND f.version = v.version) AS file_count`;

function summarize(app: AppRow, versions: VersionRow[]): { summary: StoreAppSummary; shown: VersionRow } | null {
  const sorted = [...versions].sort(bySemverDesc);
  const latest = sorted[0];
  if (!latest) return null;
  const shown = sorted.find((v) => v.version === app.current_version) ?? latest;
  const m = shown.manifest;
  return {
    shown,
    summary: {
      id: app.id,
      name: app.name,
      category: app.category,
      owner: app.owner,
      description: (m.description as string | undefined) ?? '',
      ...(m.icon === undefined ? {} : { icon: m.icon }),
      status: app.status,
      currentVersion: app.current_version,
      latestVersion: latest.version,
      latestStatus: latest.status,
      pendingReview: versions.filter((v) => v.status === 'IN_REVIEW').length,
      rolloutVersion: app.rollout?.version ?? null,
      updatedAt: iso(app.updated_at) ?? '',
    },
  };
}

function matches(summary: StoreAppSummary, query: StoreAppQuery): boolean {
  if (query.category && summary.category !== query.category) return false;
  if (query.status === 'IN_REVIEW' ? summary.pendingReview === 0 : query.status && summary.status !== query.status) return false;
  if (query.q) {
    const q = query.q.toLowerCase();
    return [summary.id, summary.name, summary.description].some((text) => text.toLowerCase().includes(q));
  }
  return true;
}

/**
 * Whose apps a caller sees (store/rights.ts `catalogueOwner`): `null` for all, otherwise a user name: the apps
 * that user uploaded a version of.
 */
export type CatalogueOwner = string | null;

const OWNED = `($1::text IS NULL OR EXISTS (SELECT 1 FROM registry_version o WHERE o.app_id = registry_app.id AND o.published_by = $1))`;

/** Whether the app exists and the caller may see it. */
export async function isVisibleApp(q: Queryable, appId: string, owner: CatalogueOwner): Promise<boolean> {
  const rows = await q.query<{ id: string }>(`SELECT id FROM registry_app WHERE id = $2 AND ${OWNED}`, [owner, appId]);
  return rows.length > 0;
}

/** The catalogue is small (tens of apps): read it whole and filter here, search included. */
export async function listStoreApps(q: Queryable, query: StoreAppQuery, owner: CatalogueOwner = null): Promise<StoreAppSummary[]> {
  const [apps, versions] = await Promise.all([
    q.query<AppRow>(`SELECT ${APP_COLUMNS} FROM registry_app WHERE ${OWNED} ORDER BY id`, [owner]),
    q.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM registry_version v`),
  ]);
  const byApp = new Map<string, VersionRow[]>();
  for (const v of versions) byApp.set(v.app_id, [...(byApp.get(v.app_id) ?? []), v]);
  return apps
    .map((a) => summarize(a, byApp.get(a.id) ?? [])?.summary)
    .filter((s): s is StoreAppSummary => s !== undefined && matches(s, query));
}

export async function listCategories(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ category: string }>('SELECT DISTINCT category FROM registry_app ORDER BY category');
  return rows.map((r) => r.category);
}

export interface StoreAppDetailWithVersion extends StoreAppDetail {
  /** registry_app.row_version: the ETag / If-Match value of the app-level settings (pointer, status, rollout, visibility). */
  rowVersion: number;
}

export async function getStoreApp(q: Queryable, appId: string, owner: CatalogueOwner = null): Promise<StoreAppDetailWithVersion | null> {
  const apps = await q.query<AppRow>(`SELECT ${APP_COLUMNS} FROM registry_app WHERE id = $2 AND ${OWNED}`, [owner, appId]);
  const app = apps[0];
  if (!app) return null;
  const versions = await q.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM registry_version v WHERE v.app_id = $1`, [appId]);
  const summarized = summarize(app, versions);
  if (!summarized) return null;
  const files = await q.query<{ path: string; size: number; integrity: string }>(
    'SELECT path, size, integrity FROM registry_version_file WHERE app_id = $1 AND version = $2 ORDER BY path',
    [appId, summarized.shown.version],
  );
  return {
    app: summarized.summary,
    versions: versions.sort(bySemverDesc).map(
      (v): StoreVersion => ({
        version: v.version,
        status: v.status,
        digest: v.digest,
        // Versions stored before `changelog` existed lack it.
        changelog: (v.manifest.changelog as string | undefined) ?? '',
        sizeTotal: v.size_total,
        fileCount: v.file_count,
        publishedBy: v.published_by,
        format: v.format,
        publishedAt: iso(v.published_at) ?? '',
        submittedAt: iso(v.submitted_at),
        reviewedBy: v.reviewed_by,
        reviewedAt: iso(v.reviewed_at),
        rejectReason: v.reject_reason,
        current: v.version === app.current_version,
      }),
    ),
    manifest: summarized.shown.manifest,
    files,
    rollout: app.rollout,
    visibility: app.visibility,
    rowVersion: app.row_version,
  };
}

export async function listStoreEvents(q: Queryable, appId: string, limit = 200): Promise<StoreEvent[]> {
  const rows = await q.query<{ at: Date | string; actor: string; action: string; version: string | null; detail: Record<string, unknown> }>(
    'SELECT at, actor, action, version, detail FROM registry_event WHERE app_id = $1 ORDER BY at DESC, id DESC LIMIT $2',
    [appId, limit],
  );
  return rows.map((r) => ({ at: iso(r.at) ?? '', actor: r.actor, action: r.action, version: r.version, detail: r.detail }));
}
