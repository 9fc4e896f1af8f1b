/**
 * Writes told across browser tabs (ADR 0037): a successful mutation in one instance of an app makes the other
 * instances of that app, for the same user and post, in other tabs (and in other lifecycles of the same app on
 * this page — its home widget, its parts) mark their caches stale and refetch what they show. The message names
 * only the app and the scope, never data: each receiver asks its service again, through its own data scope.
 */
export const WRITE_CHANNEL = 'wb:query-writes';

export interface WriteMessage {
  appId: string;
  /** `<username>|<active post key>`: instances of another user or post are another data scope. */
  scope: string;
}

export interface WriteBridge {
  post(message: WriteMessage): void;
  close(): void;
}

const isWriteMessage = (data: unknown): data is WriteMessage =>
  typeof data === 'object' && data !== null && typeof (data as WriteMessage).appId === 'string' && typeof (data as WriteMessage).scope === 'string';

/** Opens the page's end of the channel; null where the browser has no BroadcastChannel (nothing to bridge). */
export function openWriteBridge(onWrite: (message: WriteMessage) => void): WriteBridge | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(WRITE_CHANNEL);
  channel.onmessage = (event: MessageEvent) => {
    if (isWriteMessage(event.data)) onWrite(event.data);
  };
  return {
    post: (message) => {
      try {
        channel.postMessage({ appId: message.appId, scope: message.scope });
      } catch {
        // A closed channel (the page is going away): the other tabs keep their staleTime and the server push.
      }
    },
    close: () => channel.close(),
  };
}
