import type { Manifest } from '@wb/contracts';
import type { ApproveRelease } from '@wb/contracts/appstore';
import type { Queryable } from '@wb/server-kit';
import { recordEvent } from '../catalogue/queries.ts';
import { findPartBreaks, partBreaksError, type PartBreak } from './parts-check.ts';

export interface ApprovalPartsCheck {
  manifest: Manifest;
  /** The reviewer's choice: only `current` and `pilot` serve the version to users. */
  release: ApproveRelease;
  actor: string;
  /** The reviewer publishes anyway (`?partsOverride=<reason>` on approve), recorded with the breaks. */
  override?: { reason: string } | undefined;
}

const breakKey = (b: Pick<PartBreak, 'consumer' | 'consumerVersion' | 'part' | 'major'>): string => `${b.consumer}@${b.consumerVersion}|${b.part}@${b.major}`;

/** The breaks a reviewer already accepted for this version when it was uploaded (`parts-override` events). */
async function acceptedAtUpload(q: Queryable, manifest: Manifest): Promise<Set<string>> {
  const rows = await q.query<{ detail: { breaks?: PartBreak[] } | null }>(
    `SELECT detail FROM registry_event WHERE action = 'parts-override' AND app_id = $1 AND version = $2`,
    [manifest.id, manifest.version],
  );
  return new Set(rows.flatMap((r) => (r.detail?.breaks ?? []).map(breakKey)));
}

/**
 * The parts check again at approval (ADR 0037, issue 22): the upload-time check (ADR 0030) saw the consumers
 * served then, but a consumer may have become current (or started a rollout) while the version waited for
 * review. When approving serves the version (`current` or `pilot`), the provider's exposed parts are compared
 * with what the consumers served now use; a break not already accepted by an override at upload refuses the
 * approval (409, naming each consumer and reason) unless the reviewer overrides it here, which is recorded as a
 * `parts-override` event of this version. Runs inside the approval's transaction; returns the overridden breaks.
 */
export async function checkPartsAtApproval(q: Queryable, check: ApprovalPartsCheck): Promise<PartBreak[]> {
  if (check.release === 'published') return [];
  const breaks = await findPartBreaks(q, check.manifest);
  if (breaks.length === 0) return [];
  const accepted = await acceptedAtUpload(q, check.manifest);
  const fresh = breaks.filter((b) => !accepted.has(breakKey(b)));
  if (fresh.length === 0) return [];
  if (!check.override) throw partBreaksError(check.manifest, fresh);
  await recordEvent(q, {
    actor: check.actor,
    action: 'parts-override',
    appId: check.manifest.id,
    version: check.manifest.version,
    detail: { reason: check.override.reason, breaks: fresh, at: 'approve' },
  });
  return fresh;
}
