import type { PushChannel, PushMessage, PushTopic } from '../props.ts';

/** A fake of the shell's push stream for component tests: pass `push` as a prop, then `emit` and `setOpen`. */
export interface TestPush {
  /** `WorkbenchProps.push`. */
  push: () => Promise<PushChannel>;
  /** Delivers one message to every listener, as the stream would. */
  emit(topic: PushTopic, data?: unknown): void;
  /** Opens (true) or refuses (false) the stream; listeners of its state are told. */
  setOpen(open: boolean): void;
  /** Listeners of messages now (0 once every subscriber has gone). */
  listeners(): number;
}

export function createTestPush(options: { open?: boolean } = {}): TestPush {
  let open = options.open ?? true;
  const listeners = new Set<(message: PushMessage) => void>();
  const stateListeners = new Set<() => void>();
  const channel: PushChannel = {
    subscribePush(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    subscribePushState(listener) {
      stateListeners.add(listener);
      return () => void stateListeners.delete(listener);
    },
    isPushOpen: () => open,
  };
  return {
    push: () => Promise.resolve(channel),
    emit(topic, data = null) {
      for (const listener of [...listeners]) listener({ event: topic, data });
    },
    setOpen(next) {
      open = next;
      for (const listener of [...stateListeners]) listener();
    },
    listeners: () => listeners.size,
  };
}
