import { ErrorCode, partKey } from '@wb/contracts';
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
  const rows = await loadServedPartRows(q);
  const providers = rows.filter((r) => r.current);
  const uses = rows.flatMap((r) => (r.uses ?? []).map((use) => ({ row: r, use })));
  const parts: PartCatalogue['parts'] = providers.flatMap((p) =>
    (p.exposes ?? []).map((part) => ({
      appId: p.appId,
      appName: p.name,
      version: p.version,
      id: part.id,
      title: part.title,
      ...(part.description === undefined ? {} : { description: part.description }),
      ...(part.permission === undefined ? {} : { permission: part.permission }),
      channels: part.channels,
      major: part.major,
      consumers: uses
        .filter(({ use }) => use.app === p.appId && use.part === part.id)
        .map(({ row, use }) => ({ appId: row.appId, appName: row.name, version: row.version, major: use.major, satisfied: use.major === part.major })),
    })),
  );
  const exposed = new Set(parts.map((p) => partKey(p.appId, p.id)));
  const unresolved = uses
    .filter(({ use }) => !exposed.has(partKey(use.app, use.part)))
    .map(({ row, use }) => ({ appId: row.appId, appName: row.name, version: row.version, app: use.app, part: use.part, major: use.major }));
  const edges = new Map<string, { from: string; to: string; parts: Set<string> }>();
  for (const { row, use } of uses) {
    const key = `${row.appId}>${use.app}`;
    const edge = edges.get(key) ?? { from: row.appId, to: use.app, parts: new Set<string>() };
    edge.parts.add(use.part);
    edges.set(key, edge);
  }
  return { parts, unresolved, edges: [...edges.values()].map((e) => ({ from: e.from, to: e.to, parts: [...e.parts].sort() })) };
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
