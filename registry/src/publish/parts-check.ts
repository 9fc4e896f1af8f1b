import { ErrorCode, partKey } from '@wb/contracts';
import type { ExposedPart, Manifest, UsedPart } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';
import { propsContractBreaks } from './parts-compat.ts';

/** One served version's part declarations. */
export interface PartRow {
  appId: string;
  version: string;
  name: string;
  /** The app's current version (else its rollout version). */
  current: boolean;
  exposes: ExposedPart[] | null;
  uses: UsedPart[] | null;
}

/** A consumer whose current (or rollout) version uses a part of the provider being published. */
export interface PartBreak {
  consumer: string;
  consumerName: string;
  consumerVersion: string;
  part: string;
  major: number;
  /** Chinese: the part is gone, or what in its props contract narrowed. */
  reasons: string[];
}

/** Versions users may be served: each ACTIVE app's current version and its rollout version (both PUBLISHED). */
export async function loadServedPartRows(q: Queryable): Promise<PartRow[]> {
  return q.query<PartRow>(
    `SELECT v.app_id AS "appId", v.version, v.manifest ->> 'name' AS name,
            (v.version = a.current_version) AS current,
            v.manifest -> 'exposes' AS exposes, v.manifest -> 'uses' AS uses
       FROM registry_app a
       JOIN registry_version v ON v.app_id = a.id AND (v.version = a.current_version OR v.version = a.rollout ->> 'version')
      WHERE a.status = 'ACTIVE' AND v.status = 'PUBLISHED'
      ORDER BY v.app_id, v.version`,
  );
}

/** Every PUBLISHED (approved) version of `appId`, with what it exposes; the current one first. */
async function publishedExposes(q: Queryable, appId: string): Promise<Array<{ version: string; current: boolean; exposes: ExposedPart[] }>> {
  const rows = await q.query<{ version: string; current: boolean; exposes: ExposedPart[] | null }>(
    `SELECT v.version, (a.current_version IS NOT DISTINCT FROM v.version) AS current, v.manifest -> 'exposes' AS exposes
       FROM registry_version v JOIN registry_app a ON a.id = v.app_id
      WHERE v.app_id = $1 AND v.status = 'PUBLISHED'
      ORDER BY current DESC, v.published_at DESC`,
    [appId],
  );
  return rows.map((r) => ({ version: r.version, current: r.current, exposes: r.exposes ?? [] }));
}

const exposesIn = (exposes: readonly ExposedPart[], use: Pick<UsedPart, 'part' | 'major'>): ExposedPart | undefined =>
  exposes.find((p) => p.id === use.part && p.major === use.major);

/**
 * A consumer may only declare parts that a published (approved or current) version of the provider exposes in
 * the same major (ADR 0030), unless the use is `optional` (ADR 0039). Refused with 400 and a message naming every
 * missing part.
 */
export async function checkUsedParts(q: Queryable, manifest: Manifest): Promise<void> {
  const missing: string[] = [];
  for (const use of manifest.uses) {
    // An optional use shows the consumer's placeholder until a provider exposes the part (ADR 0039).
    if (use.optional) continue;
    const versions = await publishedExposes(q, use.app);
    if (!versions.some((v) => exposesIn(v.exposes, use))) missing.push(`${partKey(use.app, use.part)}（主版本 ${use.major}）`);
  }
  if (missing.length === 0) return;
  throw new AppError(400, ErrorCode.BadRequest, `应用 ${manifest.id} 使用的部件 ${missing.join('、')} 没有已发布的提供方版本：请先发布提供该部件的版本，或修改 uses`, {
    uses: `未找到部件 ${missing.join('、')}`,
  });
}

/**
 * What publishing `manifest` (a provider) would break for the consumers users are served now (ADR 0030): a used
 * part no longer exposed in the used major, or its props contract narrowed against the provider's current
 * version of that part (or, without one, the newest published version exposing it).
 */
export async function findPartBreaks(q: Queryable, manifest: Manifest): Promise<PartBreak[]> {
  const served = await loadServedPartRows(q);
  const consumers = served.flatMap((row) =>
    row.appId === manifest.id ? [] : (row.uses ?? []).filter((u) => u.app === manifest.id).map((use) => ({ row, use })),
  );
  if (consumers.length === 0) return [];
  const published = await publishedExposes(q, manifest.id);
  const breaks: PartBreak[] = [];
  for (const { row, use } of consumers) {
    const next = exposesIn(manifest.exposes, use);
    const base = { consumer: row.appId, consumerName: row.name, consumerVersion: row.version, part: use.part, major: use.major };
    if (!next) {
      breaks.push({ ...base, reasons: [`不再提供部件 ${partKey(manifest.id, use.part)} 的主版本 ${use.major}`] });
      continue;
    }
    const baseline = published.map((v) => exposesIn(v.exposes, use)).find((p) => p !== undefined);
    const reasons = baseline ? propsContractBreaks(baseline.props, next.props) : [];
    if (reasons.length > 0) breaks.push({ ...base, reasons });
  }
  return breaks;
}

/** The refusal for a provider version that breaks consumers: names each consumer, its part and why. */
export function partBreaksError(manifest: Manifest, breaks: readonly PartBreak[]): AppError {
  const lines = breaks.map((b) => `「${b.consumerName}」(${b.consumer}@${b.consumerVersion}) 使用的部件 ${b.part}（主版本 ${b.major}）：${b.reasons.join('；')}`);
  return new AppError(
    409,
    ErrorCode.Conflict,
    `${manifest.id}@${manifest.version} 会破坏正在使用其部件的应用：${lines.join('。')}。请保持部件契约兼容或提升部件主版本并保留旧版本；确需发布时由审核员明确覆盖`,
    { exposes: `影响应用：${[...new Set(breaks.map((b) => b.consumerName))].join('、')}` },
  );
}
