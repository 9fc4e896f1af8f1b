import semver from 'semver';
import { ErrorCode } from '@wb/contracts';
import type { Manifest, ModuleFormat } from '@wb/contracts';
import type { ApproveRelease, Rollout, Visibility } from '@wb/contracts/appstore';
import { AppError, assertVersion } from '@wb/server-kit';
import type { Db, Queryable } from '@wb/server-kit';
import { recordEvent } from '../catalogue/queries.ts';
import type { VersionStatus } from '../catalogue/queries.ts';
import { setCurrentVersion } from '../catalogue/write.ts';
import { RUNNABLE_FORMATS, notRunnable } from '../publish/module-checks.ts';
import { checkPartsAtApproval } from '../publish/parts-approval.ts';

/**
 * Version lifecycle and per-app settings after publishing (issue 4, docs/architecture.md §6):
 * DRAFT → IN_REVIEW (submit) → PUBLISHED (approve, by someone else) or back to DRAFT (reject);
 * the current-version pointer moves only to PUBLISHED versions (approve, rollback, rollout promote);
 * the app itself is ACTIVE or OFFLINE. Each step runs in one transaction with the rows locked, so two
 * concurrent steps are serialized and the loser sees the new state (409). Every step, done or refused,
 * is recorded in registry_event.
 */

export interface LifecycleDeps {
  db: Db;
  /** After a commit that changed what feeds serve or which permissions are declared. */
  changed: (appId: string) => Promise<void>;
}

const STATUS_NAMES: Record<VersionStatus, string> = {
  DRAFT: '草稿',
  IN_REVIEW: '审核中',
  PUBLISHED: '已发布',
  OFFLINE: '已下线',
};

export interface AppRow {
  id: string;
  status: 'ACTIVE' | 'OFFLINE';
  current_version: string | null;
  rollout: Rollout | null;
  visibility: Visibility;
  row_version: number;
}

interface VersionRow {
  status: VersionStatus;
  published_by: string;
  manifest: Manifest;
  format: ModuleFormat;
}

function conflict(message: string): AppError {
  return new AppError(409, ErrorCode.Conflict, message);
}

function notFound(message: string): AppError {
  return new AppError(404, ErrorCode.NotFound, message);
}

async function lockApp(tx: Queryable, appId: string): Promise<AppRow> {
  const rows = await tx.query<AppRow>(
    'SELECT id, status, current_version, rollout, visibility, row_version FROM registry_app WHERE id = $1 FOR UPDATE',
    [appId],
  );
  const row = rows[0];
  if (!row) throw notFound(`应用 ${appId} 不存在`);
  return row;
}

async function lockVersion(tx: Queryable, appId: string, version: string): Promise<VersionRow> {
  const rows = await tx.query<VersionRow>(
    'SELECT status, published_by, manifest, format FROM registry_version WHERE app_id = $1 AND version = $2 FOR UPDATE',
    [appId, version],
  );
  const row = rows[0];
  if (!row) throw notFound(`应用 ${appId} 没有版本 ${version}`);
  return row;
}

function requireStatus(row: VersionRow, version: string, expected: VersionStatus, what: string): void {
  if (row.status !== expected) {
    throw conflict(`版本 ${version} 当前为“${STATUS_NAMES[row.status]}”，只有“${STATUS_NAMES[expected]}”的版本可以${what}`);
  }
}

/**
 * `If-Match` on every app-level edit (rollout set/clear/promote, visibility, rollback, offline/online): an
 * edit made from a stale detail page must not overwrite or undo a newer change (412). Each of these edits,
 * and approving a version as current, bumps `row_version`, the ETag of GET /apps/:id.
 */
function checkIfMatch(app: AppRow, ifMatch: number | undefined): void {
  assertVersion(ifMatch, app.row_version, '应用设置已被他人修改，请刷新后重试');
}

/** Who a rollout reaches (contracts `rolloutScopeSchema` after defaults). */
export interface RolloutScopeInput {
  orgUnitCodes: string[];
  postCodes: string[];
  percent: number;
}

/** Who gets the rollout version (contracts `setRolloutRequestSchema` after defaults). */
export interface RolloutTarget extends RolloutScopeInput {
  version: string;
}

/** The reviewer's choice (contracts `approveRequestSchema`); `release` omitted: the safe default. */
export interface ApproveOptions {
  release?: ApproveRelease | undefined;
  pilot?: RolloutScopeInput | undefined;
  opinion: string;
  /** Publish although the version breaks parts that consumers served now use (ADR 0037); reviewer's reason. */
  partsOverride?: { reason: string } | undefined;
}

export interface ApproveResult {
  release: ApproveRelease;
  current: boolean;
  rollout: Rollout | null;
}

/**
 * Omitted choice: published, not current, when the app already serves a current version (approval changes
 * nothing for users); current for its first version, which nothing else would ever serve (ADR 0023).
 */
export function defaultRelease(app: Pick<AppRow, 'current_version'>): ApproveRelease {
  return app.current_version === null ? 'current' : 'published';
}

function newRollout(version: string, scope: RolloutScopeInput, actor: Actor): Rollout {
  return { version, orgUnitCodes: scope.orgUnitCodes, postCodes: scope.postCodes, percent: scope.percent, updatedBy: actor.username, updatedAt: new Date().toISOString() };
}

export interface Actor {
  username: string;
  /** Holds the review permission (store/rights.ts): may submit anyone's upload. Default false. */
  reviewer?: boolean;
}

export interface Lifecycle {
  submit(actor: Actor, appId: string, version: string): Promise<void>;
  approve(actor: Actor, appId: string, version: string, options: ApproveOptions): Promise<ApproveResult>;
  reject(actor: Actor, appId: string, version: string, reason: string): Promise<void>;
  rollback(actor: Actor, appId: string, version: string, ifMatch?: number): Promise<{ from: string | null }>;
  setStatus(actor: Actor, appId: string, status: 'ACTIVE' | 'OFFLINE', ifMatch?: number): Promise<void>;
  setRollout(actor: Actor, appId: string, request: RolloutTarget, ifMatch?: number): Promise<Rollout>;
  clearRollout(actor: Actor, appId: string, ifMatch?: number): Promise<void>;
  promoteRollout(actor: Actor, appId: string, ifMatch?: number): Promise<{ version: string }>;
  setVisibility(actor: Actor, appId: string, visibility: Visibility, ifMatch?: number): Promise<void>;
}

export function createLifecycle(deps: LifecycleDeps): Lifecycle {
  /**
   * Runs one step: the transaction with its audit event, then `changed` when feeds are affected; a
   * refusal is audited too (outside the rolled-back transaction) and rethrown.
   */
  async function step<T>(
    actor: Actor,
    action: string,
    appId: string,
    version: string | null,
    run: (tx: Queryable) => Promise<{ result: T; detail?: object; feedsChanged: boolean }>,
  ): Promise<T> {
    try {
      const outcome = await deps.db.transaction(async (tx) => {
        const done = await run(tx);
        await recordEvent(tx, { actor: actor.username, action, appId, version, detail: done.detail ?? {} });
        return done;
      });
      if (outcome.feedsChanged) await deps.changed(appId);
      return outcome.result;
    } catch (error) {
      if (error instanceof AppError && error.statusCode < 500) {
        await recordEvent(deps.db, {
          actor: actor.username,
          action: `${action}-refused`,
          appId,
          version,
          detail: { code: error.code, message: error.message },
        }).catch(() => undefined);
      }
      throw error;
    }
  }

  async function bumpApp(tx: Queryable, appId: string, set: string, params: unknown[]): Promise<void> {
    await tx.query(`UPDATE registry_app SET ${set}, row_version = row_version + 1, updated_at = now() WHERE id = $1`, [appId, ...params]);
  }

  /** What the reviewer chose, applied to the app: the pointer moves (current), a rollout starts (pilot), or nothing. */
  async function applyRelease(tx: Queryable, app: AppRow, row: VersionRow, release: ApproveRelease, pilot: RolloutScopeInput | undefined, actor: Actor): Promise<Rollout | null> {
    const version = row.manifest.version;
    if (release === 'current') {
      await setCurrentVersion(tx, row.manifest);
      // The rollout of this very version is done once it is everyone's. Either way the current version
      // moved, so an open detail page's ETag is stale now.
      if (app.rollout?.version === version) await bumpApp(tx, app.id, 'rollout = NULL', []);
      else await bumpApp(tx, app.id, 'current_version = current_version', []);
      return null;
    }
    if (release === 'pilot') {
      if (!pilot) throw new AppError(400, ErrorCode.BadRequest, '灰度试点请选择灰度范围', { pilot: '请选择灰度范围' });
      // Replaces a rollout of another version that may be running: one pilot per app at a time.
      const rollout = newRollout(version, pilot, actor);
      await bumpApp(tx, app.id, 'rollout = $2::jsonb', [JSON.stringify(rollout)]);
      return rollout;
    }
    return null;
  }

  return {
    submit: (actor, appId, version) =>
      step(actor, 'submit', appId, version, async (tx) => {
        await lockApp(tx, appId);
        const row = await lockVersion(tx, appId, version);
        if (!actor.reviewer && row.published_by !== actor.username) {
          throw new AppError(403, ErrorCode.NotAllowed, '只能提交自己上传的版本');
        }
        requireStatus(row, version, 'DRAFT', '提交审核');
        await tx.query(
          `UPDATE registry_version SET status = 'IN_REVIEW', submitted_at = now(), reject_reason = NULL
            WHERE app_id = $1 AND version = $2`,
          [appId, version],
        );
        return { result: undefined, feedsChanged: false };
      }),

    approve: (actor, appId, version, options) =>
      step(actor, 'approve', appId, version, async (tx) => {
        const app = await lockApp(tx, appId);
        const row = await lockVersion(tx, appId, version);
        requireStatus(row, version, 'IN_REVIEW', '审核通过');
        if (row.published_by === actor.username) {
          throw new AppError(403, ErrorCode.NotAllowed, '不能审核自己上传的版本');
        }
        if (!RUNNABLE_FORMATS.has(row.format)) throw notRunnable(row.format);
        const release = options.release ?? defaultRelease(app);
        if (app.current_version === null && release !== 'current') {
          throw conflict('这是该应用的第一个版本，还没有当前版本可供对照：只能选择“设为当前版本”');
        }
        await checkPartsAtApproval(tx, { manifest: row.manifest, release, actor: actor.username, override: options.partsOverride });
        await tx.query(
          `UPDATE registry_version SET status = 'PUBLISHED', reviewed_by = $3, reviewed_at = now(), review_opinion = $4, reject_reason = NULL
            WHERE app_id = $1 AND version = $2`,
          [appId, version, actor.username, options.opinion || null],
        );
        const rollout = await applyRelease(tx, app, row, release, options.pilot, actor);
        return {
          result: { release, current: release === 'current', rollout },
          detail: { release, from: app.current_version, opinion: options.opinion, ...(rollout ? { rollout } : {}) },
          feedsChanged: release !== 'published',
        };
      }),

    reject: (actor, appId, version, reason) =>
      step(actor, 'reject', appId, version, async (tx) => {
        await lockApp(tx, appId);
        const row = await lockVersion(tx, appId, version);
        requireStatus(row, version, 'IN_REVIEW', '驳回');
        if (row.published_by === actor.username) {
          throw new AppError(403, ErrorCode.NotAllowed, '不能审核自己上传的版本');
        }
        await tx.query(
          `UPDATE registry_version SET status = 'DRAFT', reviewed_by = $3, reviewed_at = now(), reject_reason = $4
            WHERE app_id = $1 AND version = $2`,
          [appId, version, actor.username, reason],
        );
        return { result: undefined, detail: { reason }, feedsChanged: false };
      }),

    rollback: (actor, appId, version, ifMatch) =>
      step(actor, 'rollback', appId, version, async (tx) => {
        const app = await lockApp(tx, appId);
        checkIfMatch(app, ifMatch);
        const row = await lockVersion(tx, appId, version);
        requireStatus(row, version, 'PUBLISHED', '作为回滚目标');
        const from = app.current_version;
        if (from === version) throw conflict(`版本 ${version} 已经是当前版本`);
        if (from !== null && !semver.lt(version, from)) {
          throw conflict(`只能回滚到比当前版本 ${from} 更早的版本；要启用更新的版本请通过审核或灰度`);
        }
        await setCurrentVersion(tx, row.manifest);
        await bumpApp(tx, appId, 'current_version = current_version', []);
        return { result: { from }, detail: { from, to: version }, feedsChanged: true };
      }),

    setStatus: (actor, appId, status, ifMatch) =>
      step(actor, status === 'OFFLINE' ? 'offline' : 'online', appId, null, async (tx) => {
        const app = await lockApp(tx, appId);
        checkIfMatch(app, ifMatch);
        if (app.status === status) throw conflict(status === 'OFFLINE' ? '应用已经下线' : '应用已经上线');
        if (status === 'ACTIVE' && app.current_version === null) throw conflict('应用还没有已发布的版本，不能上线');
        await bumpApp(tx, appId, 'status = $2', [status]);
        return { result: undefined, detail: { from: app.status, to: status }, feedsChanged: true };
      }),

    setRollout: (actor, appId, request, ifMatch) =>
      step(actor, 'rollout', appId, request.version, async (tx) => {
        const app = await lockApp(tx, appId);
        checkIfMatch(app, ifMatch);
        const row = await lockVersion(tx, appId, request.version);
        requireStatus(row, request.version, 'PUBLISHED', '灰度发布');
        if (app.current_version === request.version) throw conflict(`版本 ${request.version} 已经是当前版本，无需灰度`);
        const rollout = newRollout(request.version, request, actor);
        await bumpApp(tx, appId, 'rollout = $2::jsonb', [JSON.stringify(rollout)]);
        return { result: rollout, detail: { rollout }, feedsChanged: true };
      }),

    clearRollout: (actor, appId, ifMatch) =>
      step(actor, 'rollout-cancel', appId, null, async (tx) => {
        const app = await lockApp(tx, appId);
        checkIfMatch(app, ifMatch);
        if (!app.rollout) throw conflict('该应用没有进行中的灰度发布');
        await bumpApp(tx, appId, 'rollout = NULL', []);
        return { result: undefined, detail: { version: app.rollout.version }, feedsChanged: true };
      }),

    promoteRollout: (actor, appId, ifMatch) =>
      step(actor, 'rollout-promote', appId, null, async (tx) => {
        const app = await lockApp(tx, appId);
        checkIfMatch(app, ifMatch);
        if (!app.rollout) throw conflict('该应用没有进行中的灰度发布');
        const version = app.rollout.version;
        const row = await lockVersion(tx, appId, version);
        requireStatus(row, version, 'PUBLISHED', '全量发布');
        await setCurrentVersion(tx, row.manifest);
        await bumpApp(tx, appId, 'rollout = NULL', []);
        return { result: { version }, detail: { from: app.current_version, to: version }, feedsChanged: true };
      }),

    setVisibility: (actor, appId, visibility, ifMatch) =>
      step(actor, 'visibility', appId, null, async (tx) => {
        const app = await lockApp(tx, appId);
        checkIfMatch(app, ifMatch);
        await bumpApp(tx, appId, 'visibility = $2::jsonb', [JSON.stringify(visibility)]);
        return { result: undefined, detail: { visibility }, feedsChanged: true };
      }),
  };
}
