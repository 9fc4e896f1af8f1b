import type { PostRef } from '@wb/contracts';
import type { Principal, Queryable } from '@wb/server-kit';
import { loadGrants, permissionsFor, scopeFor } from './access.ts';
import type { AccessContext } from './access.ts';
import type { CachedPrincipal } from './access-cache.ts';
import type { SessionRecord } from './sessions.ts';

interface HeldPost extends PostRef {
  isPrimary: boolean;
}

const POSTS_SQL = `
SELECT up.post_code AS code, p.name, up.org_unit_code AS "orgUnitCode", o.name AS "orgUnitName", up.is_primary AS "isPrimary"
FROM user_post up
JOIN post p ON p.code = up.post_code AND p.status = 'active'
JOIN org_unit o ON o.code = up.org_unit_code
WHERE up.user_id = $1 AND (up.valid_from IS NULL OR up.valid_from <= $2) AND (up.valid_to IS NULL OR up.valid_to > $2)
ORDER BY up.is_primary DESC, up.post_code, up.org_unit_code`;

/** The next moment after `now` when one of the user's post assignments or direct roles starts or ends. */
const CHANGES_AT_SQL = `
SELECT min(at) AS at FROM (
  SELECT valid_from AS at FROM user_post WHERE user_id = $1 AND valid_from > $2
  UNION ALL SELECT valid_to FROM user_post WHERE user_id = $1 AND valid_to > $2
  UNION ALL SELECT expires_at FROM user_role WHERE user_id = $1 AND expires_at > $2
) boundaries`;

/** A request's principal: the value itself when its session's entry is cached, a promise while it is loaded. */
export type PrincipalLookup = Principal | null | Promise<Principal | null>;

/** Posts the user holds at `now`, primary first. */
export async function loadPosts(db: Queryable, userId: string, now: Date): Promise<PostRef[]> {
  const rows = await db.query<HeldPost>(POSTS_SQL, [userId, now]);
  return rows.map(({ code, name, orgUnitCode, orgUnitName }) => ({ code, name, orgUnitCode, orgUnitName }));
}

/**
 * Everything one session's requests need, loaded once and cached (access-cache.ts); null when the account
 * is disabled (S7: next request refused). When the session's active post was revoked meanwhile, the
 * primary remaining post takes its place.
 */
export async function loadSessionAccess(db: Queryable, session: SessionRecord, now: Date, version: number): Promise<CachedPrincipal | null> {
  if (session.status !== 'active') return null;
  const posts = await loadPosts(db, session.userId, now);
  const activePost =
    posts.find((p) => p.code === session.activePostCode && p.orgUnitCode === session.activePostOrg) ?? posts[0] ?? null;
  const grants = await loadGrants(db, session.userId, activePost, now);
  const base = {
    userId: session.userId,
    username: session.username,
    displayName: session.displayName,
    orgUnitCode: session.orgUnitCode,
    orgUnitName: session.orgUnitName,
    orgUnitPath: session.orgUnitPath,
    roles: grants.roles,
    posts,
    activePost,
    mustChangePassword: session.mustChangePassword,
  };
  const [next] = await db.query<{ at: Date | null }>(CHANGES_AT_SQL, [session.userId, now]);
  const changesAt = next?.at ? new Date(next.at).getTime() : null;
  return { session, base, grants, version, loadedAt: now.getTime(), changesAt, byContext: new Map() };
}

/**
 * The request's principal from a cached entry: permissions filtered by the request's zone and channel.
 * Built once per zone/channel and shared by the requests of the session (no allocation per request, P9);
 * nobody mutates a principal.
 */
export function principalFor(entry: CachedPrincipal, context: AccessContext): Principal {
  const key = `${context.zone}|${context.channel}`;
  let principal = entry.byContext.get(key);
  if (!principal) {
    const scope = (resourceType: string) => scopeFor(entry.grants, resourceType);
    principal = { ...entry.base, permissions: permissionsFor(entry.grants, context), scope };
    entry.byContext.set(key, principal);
  }
  return principal;
}
