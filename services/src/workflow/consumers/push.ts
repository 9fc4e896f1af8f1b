/**
 * The push consumer (ADR 0024): turns the notification events the engine writes with each notice
 * (`notice.created`, `notice.withdrawn`, engine/journal.ts) into server-sent events for the people concerned,
 * with their unread count read in the dispatcher's transaction (at most 100: `unread.ts`, ADR 0091). Idempotent:
 * a repeated delivery repeats a message the client only uses to refresh.
 */
import type { Notification } from '@wb/contracts/workflow';
import type { Queryable } from '@wb/server-kit';
import type { WorkflowEngine } from '../engine-api.ts';
import { NOTICE_CREATED, NOTICE_WITHDRAWN } from '../engine/journal.ts';
import type { OutboxEvent } from '../outbox.ts';
import type { PushHub, PushMessage } from '../stream.ts';
import { unreadCounts } from '../unread.ts';

export const PUSH_CONSUMER = 'workflow.push';

/** The messages of one event (exported for tests). */
export async function pushMessagesOf(event: OutboxEvent, tx: Queryable): Promise<PushMessage[]> {
  const p = event.payload;
  if (event.topic === NOTICE_CREATED) {
    const recipients = (Array.isArray(p.recipients) ? p.recipients : []) as Array<{ username: string; id: string }>;
    const unread = await unreadCounts(tx, recipients.map((r) => r.username));
    return recipients.map((r) => {
      const notification: Notification = {
        id: r.id,
        kind: p.kind as Notification['kind'],
        title: String(p.title ?? ''),
        body: String(p.body ?? ''),
        link: typeof p.link === 'string' ? p.link : null,
        createdAt: String(p.createdAt ?? event.createdAt),
        readAt: null,
      };
      return { username: r.username, event: 'notification', data: { notification, unread: unread.get(r.username) ?? 0 } };
    });
  }
  if (event.topic === NOTICE_WITHDRAWN) {
    const usernames = (Array.isArray(p.usernames) ? p.usernames : []) as string[];
    const unread = await unreadCounts(tx, usernames);
    return usernames.map((username) => ({ username, event: 'inbox', data: { reason: 'withdrawn', unread: unread.get(username) ?? 0 } }));
  }
  return [];
}

export function registerPushConsumer(engine: Pick<WorkflowEngine, 'consume'>, hub: Pick<PushHub, 'publish'>): () => void {
  return engine.consume(PUSH_CONSUMER, [NOTICE_CREATED, NOTICE_WITHDRAWN], async (event, tx) => {
    await hub.publish(await pushMessagesOf(event, tx));
  });
}
