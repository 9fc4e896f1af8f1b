/**
 * The identity module's session port for other modules (ADR 0026): whether sessions are still live, without
 * reading identity's `session` table by SQL. Read-only.
 */
import type { Queryable } from '@wb/server-kit';

/**
 * The hashes among `idHashes` whose session exists, has not expired at `now` and was seen after `seenAfter`
 * (the idle limit); one query for all of them.
 */
export async function liveSessionHashes(q: Queryable, idHashes: readonly string[], now: Date, seenAfter: Date): Promise<Set<string>> {
  if (idHashes.length === 0) return new Set();
  const rows = await q.query<{ id_hash: string }>(
    'SELECT id_hash FROM session WHERE id_hash = ANY($1::text[]) AND expires_at > $2 AND last_seen_at > $3',
    [[...idHashes], now, seenAfter],
  );
  return new Set(rows.map((r) => r.id_hash));
}
