/**
 * People's unread notice counts (ADR 0091), for the bell (`GET /notifications`) and the push consumer: each
 * count stops at `UNREAD_COUNT_CAP + 1` rows (100, shown as 99+). A clerk of a busy post who never opens the bell
 * gathers thousands of unread notices, and every new notice counted them all again, for each recipient (ADR 0084).
 * The probe walks the partial index `wf_notification_unread_idx` (migration workflow/008) newest first: its
 * `ORDER BY` is that index's order, so the planner takes the index rather than a scan that stops at the cap only
 * for people who have that many.
 */
import { UNREAD_COUNT_CAP } from '@wb/contracts/workflow';
import type { Queryable } from '@wb/server-kit';

/** Unread notices per person, each at most `UNREAD_COUNT_CAP + 1`; a person with none is 0. */
export async function unreadCounts(q: Queryable, usernames: readonly string[]): Promise<Map<string, number>> {
  const people = [...new Set(usernames)];
  if (people.length === 0) return new Map();
  const rows = await q.query<{ username: string; n: number }>(
    `SELECT u.username, (SELECT count(*)::int FROM (SELECT 1 FROM wf_notification n WHERE n.username = u.username AND n.read_at IS NULL
                                                      ORDER BY n.created_at DESC LIMIT $2) capped) AS n
       FROM unnest($1::text[]) AS u(username)`,
    [people, UNREAD_COUNT_CAP + 1],
  );
  return new Map(rows.map((r) => [r.username, Number(r.n)]));
}

/** One person's unread notices, at most `UNREAD_COUNT_CAP + 1`. */
export async function unreadCount(q: Queryable, username: string): Promise<number> {
  return (await unreadCounts(q, [username])).get(username) ?? 0;
}
