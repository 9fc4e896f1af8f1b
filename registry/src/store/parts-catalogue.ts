import { ErrorCode } from '@wb/contracts';
import { buildPartCatalogue } from '@wb/contracts/appstore';
import type { PartCatalogue, PartImpact } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';
import { loadVersionDetail } from '../catalogue/queries.ts';
import { findPartBreaks, loadServedPartRows } from '../publish/parts-check.ts';

/**
 * 组件管理 (ADR 0030): every part the current versions expose, who uses it in which major (current and rollout
 * versions of consumers), uses no current provider satisfies, and the consumer → provider graph.
 */
export async function listPartCatalogue(q: Queryable): Promise<PartCatalogue> {
  const rows = (await loadServedPartRows(q)).map((r) => ({ ...r, appName: r.name }));
  return buildPartCatalogue(rows.filter((r) => r.current), rows);
}

/**
 * Which consumers would break if `version` of `appId` became current (a rollback or a release): the same
 * comparison as the publish-time check, so the app store can warn before a reviewer confirms.
 */
export async function partImpact(q: Queryable, appId: string, version: string): Promise<PartImpact> {
  const detail = await loadVersionDetail(q, appId, version);
  if (!detail) throw new AppError(404, ErrorCode.NotFound, `版本 ${appId}@${version} 不存在`);
  const manifest = { ...detail.manifest, exposes: detail.manifest.exposes ?? [], uses: detail.manifest.uses ?? [] };
  const breaks = await findPartBreaks(q, manifest);
  return {
    appId,
    version,
    breaks: breaks.map((b) => ({ consumer: b.consumer, consumerName: b.consumerName, part: b.part, major: b.major, reason: b.reasons.join('；') })),
  };
}
