import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PushTopic } from '../props.ts';
import { useWorkbench } from './context.ts';

/**
 * Hears `topic` on the shell's push stream (ADR 0059) while the component is mounted: the shell's one
 * connection per page (`WorkbenchProps.push`, loaded on first use), never a second one per app. The handler
 * may change between renders without resubscribing. Returns whether the stream is connected now, so that a
 * caller polls only while it is not (outside the shell, or when the server refused the stream: false).
 */
export function usePushEvent(topic: PushTopic, handler: (data: unknown) => void): boolean {
  const { push } = useWorkbench();
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!push) return undefined;
    let gone = false;
    const offs: Array<() => void> = [];
    push().then(
      (channel) => {
        if (gone) return;
        const sync = (): void => setOpen(channel.isPushOpen());
        offs.push(channel.subscribePushState(sync));
        offs.push(
          channel.subscribePush((message) => {
            if (message.event === topic) latest.current(message.data);
          }),
        );
        sync();
      },
      // The stream's module did not load: the caller keeps polling.
      () => undefined,
    );
    return () => {
      gone = true;
      for (const off of offs) off();
      setOpen(false);
    };
  }, [push, topic]);
  return open;
}
