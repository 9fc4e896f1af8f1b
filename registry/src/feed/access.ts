import { hasAccessRule } from '@wb/contracts';
import type { Channel, Manifest, Zone } from '@wb/contracts';
import type { Principal } from '@wb/server-kit';

/** The platform administrator's grant: holds every permission key. */
export const ALL_PERMISSIONS = '*';

export function hasPermission(principal: Principal, key: string): boolean {
  return principal.permissions.has(key) || principal.permissions.has(ALL_PERMISSIONS);
}

/**
 * Post-based access follows the active post: a user with several posts switches posts in the header and
 * the workbench re-derives its apps (docs/architecture.md §7). Without an active post any held post counts.
 */
function holdsPost(principal: Principal, posts: readonly string[]): boolean {
  const held = principal.activePost ? [principal.activePost] : principal.posts;
  return held.some((post) => posts.includes(post.code));
}

/**
 * Whether this user may load the app at all (its code reaches the import map only if so).
 * Conditions combine with AND: channel, zone, every listed `permissions`, at least one of `anyPermissions`,
 * one of the listed roles, one of the listed posts. The zone and channel bind every user, `*` included
 * (docs/quality.md S18); zone limits of single permissions reach here already applied (identity spells out `*`). An empty list sets no condition (the schema refuses an
 * empty `anyPermissions`; should one reach here it sets none either). The `*` grant satisfies `permissions`
 * and `anyPermissions` only; roles and posts describe who someone is, not what they are allowed, so `*`
 * does not fake them. Closed by default: a manifest with no condition at all admits administrators (`*`) only,
 * never every signed-in user (issue 11 item 5, ADR 0023).
 */
export function mayLoadApp(manifest: Manifest, principal: Principal, channel: Channel, zone: Zone): boolean {
  if (!manifest.channels.includes(channel) || !manifest.zones.includes(zone)) return false;
  if (!hasAccessRule(manifest.access)) return principal.permissions.has(ALL_PERMISSIONS);
  const { permissions = [], anyPermissions = [], roles = [], posts = [] } = manifest.access;
  if (!permissions.every((key) => hasPermission(principal, key))) return false;
  if (anyPermissions.length > 0 && !anyPermissions.some((key) => hasPermission(principal, key))) return false;
  if (roles.length > 0 && !roles.some((role) => principal.roles.includes(role))) return false;
  if (posts.length > 0 && !holdsPost(principal, posts)) return false;
  return true;
}
