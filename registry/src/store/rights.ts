import { requires, type Principal } from '@wb/server-kit';
import { hasPermission } from '../feed/access.ts';

/**
 * Who may do what in the app store (ADR 0016, README "App store: who may do what"). Three permissions:
 * - `store:market:use`: 应用市场 (every post);
 * - `store:app:manage`: 应用管理 workspace: upload, submit, and the catalogue — a developer sees the apps they
 *   uploaded a version of, nobody else's;
 * - `store:app:review`: review and operate: approve, reject, rollout, rollback, online/offline, visibility,
 *   post default layouts, and the whole catalogue. Reviewers are the operators (README: rev01), so operating
 *   goes with this permission rather than a new one that every existing installation would first have to grant.
 */
export { STORE_PERMISSIONS } from '@wb/contracts';
import { STORE_PERMISSIONS } from '@wb/contracts';

/** Route access declarations of the appstore service. */
export const MANAGE = requires(STORE_PERMISSIONS.manage);
export const REVIEW = requires(STORE_PERMISSIONS.review);
export const MARKET = requires(STORE_PERMISSIONS.market);
export const SESSION = { access: 'session' } as const;

/** Reviewers (and administrators) see and operate every app; developers only their own uploads. */
export function isReviewer(principal: Principal): boolean {
  return hasPermission(principal, STORE_PERMISSIONS.review);
}

/**
 * Whose uploads a principal may see in the catalogue: `null` for everyone's (reviewers), otherwise the
 * principal's own user name.
 */
export function catalogueOwner(principal: Principal): string | null {
  return isReviewer(principal) ? null : principal.username;
}

/** Files of an unreviewed version: its uploader and reviewers only (S17). */
export function mayViewUnreviewed(principal: Principal | null, uploader: string): boolean {
  if (!principal || principal.mustChangePassword) return false;
  return principal.username === uploader || isReviewer(principal);
}
