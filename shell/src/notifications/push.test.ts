import { afterEach, describe, expect, it, vi } from 'vitest';
import { PUSH_URL, RETRY_MS, isPushOpen, setEventSourceFactory, subscribePush } from './push.ts';
import type { EventSourceLike } from './push.ts';

class Fake implements EventSourceLike {
  static opened: Fake[] = [];
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private readonly handlers = new Map<string, Array<(event: MessageEvent) => void>>();
  constructor(readonly url: string) {
    Fake.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  close(): void {
    this.readyState = 2;
  }
  emit(type: string, data: string): void {
    for (const listener of this.handlers.get(type) ?? []) listener(new MessageEvent(type, { data }));
  }
}

afterEach(() => {
  setEventSourceFactory(undefined);
  vi.useRealTimers();
  Fake.opened = [];
});

describe('push stream (shell)', () => {
  it('opens one stream for all listeners, passes its events on, closes after the last one leaves', () => {
    setEventSourceFactory((url) => new Fake(url));
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = subscribePush((m) => a.push(m));
    const offB = subscribePush((m) => b.push(m));
    expect(Fake.opened.map((f) => f.url)).toEqual([PUSH_URL]);
    const stream = Fake.opened[0]!;
    expect(isPushOpen()).toBe(false);
    stream.readyState = 1;
    expect(isPushOpen()).toBe(true);
    stream.emit('inbox', JSON.stringify({ reason: 'withdrawn', unread: 0 }));
    stream.emit('notification', 'not json');
    expect(a).toEqual([{ event: 'inbox', data: { reason: 'withdrawn', unread: 0 } }, { event: 'notification', data: null }]);
    expect(b).toHaveLength(2);
    offA();
    expect(stream.readyState).toBe(1);
    offB();
    expect(stream.readyState).toBe(2);
    expect(isPushOpen()).toBe(false);
  });

  it('after a refusal (closed source) the listeners poll, and the stream is tried again later', () => {
    vi.useFakeTimers();
    setEventSourceFactory((url) => new Fake(url));
    const off = subscribePush(() => undefined);
    const first = Fake.opened[0]!;
    first.readyState = 2;
    first.onerror?.(new Event('error'));
    expect(isPushOpen()).toBe(false);
    vi.advanceTimersByTime(RETRY_MS - 1);
    expect(Fake.opened).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(Fake.opened).toHaveLength(2);
    off();
  });

  it('without EventSource (or a factory) there is no stream: polling only', () => {
    setEventSourceFactory(null);
    const off = subscribePush(() => undefined);
    expect(isPushOpen()).toBe(false);
    off();
  });
});
