import type { Rollout, Visibility } from '@wb/contracts/appstore';
import type { Principal } from '@wb/server-kit';

/**
 * Sticky bucket 0–99 of a user for one app: FNV-1a (32 bit) over `userId NUL appId`. The same user keeps
 * the same bucket for an app across requests, instances and restarts, so raising a rollout's percentage
 * only ever adds users; different apps spread a user differently.
 */
export function stickyBucket(userId: string, appId: string): number {
  let hash = 0x811c9dc5;
  const text = `${userId}\u0000${appId}`;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 100;
}

/** Org unit codes the user works in: every unit on the path of their own unit, and the active post's unit. */
function orgCodesOf(principal: Principal): Set<string> {
  const codes = new Set(principal.orgUnitPath.split('/').filter(Boolean));
  codes.add(principal.orgUnitCode);
  if (principal.activePost) codes.add(principal.activePost.orgUnitCode);
  return codes;
}

/** The post(s) that count: the active one, else any held post (as for the manifest's `access.posts`). */
function postCodesOf(principal: Principal): string[] {
  return (principal.activePost ? [principal.activePost] : principal.posts).map((p) => p.code);
}

/**
 * Whether this user gets the rollout version of the app: their org path lies under (or is) one of the
 * target units, or their active post's unit is one; or their post is targeted; or their sticky bucket is
 * below the percentage. The conditions combine with OR.
 */
export function inRollout(rollout: Rollout, principal: Principal, appId: string): boolean {
  if (rollout.orgUnitCodes.length > 0) {
    const codes = orgCodesOf(principal);
    if (rollout.orgUnitCodes.some((c) => codes.has(c))) return true;
  }
  if (rollout.postCodes.length > 0 && postCodesOf(principal).some((p) => rollout.postCodes.includes(p))) return true;
  return rollout.percent > 0 && stickyBucket(principal.userId, appId) < rollout.percent;
}

/** Administrator overrides only ever hide: true when the user's units or post are hidden. */
export function hiddenBy(visibility: Visibility, principal: Principal): boolean {
  if (visibility.hiddenOrgUnitCodes.length > 0) {
    const codes = orgCodesOf(principal);
    if (visibility.hiddenOrgUnitCodes.some((c) => codes.has(c))) return true;
  }
  return visibility.hiddenPostCodes.length > 0 && postCodesOf(principal).some((p) => visibility.hiddenPostCodes.includes(p));
}
