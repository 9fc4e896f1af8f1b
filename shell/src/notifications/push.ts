import { WORKFLOW_BASE_URL } from '../inbox/workflow-client.ts';

/**
 * The push stream of the workflow service (`GET /api/svc/workflow/v1/stream`, server-sent events, ADR 0024):
 * one EventSource per page, shared by the bell and the 我的待办 count, opened while someone listens. Events:
 * `notification` (a new notification for this user) and `inbox` (this user's tasks changed). The browser
 * reconnects by itself after a dropped connection; when the server refuses the stream (401 after logout,
 * 429 over the per-user limit, no such route behind an old gateway) the source is closed and tried again
 * after `RETRY_MS`. Meanwhile the listeners' polling is the fallback: `isPushOpen()` tells them whether to poll.
 */
export const PUSH_URL = `${WORKFLOW_BASE_URL}/stream`;
/** After the server refused the stream, the next try (the listeners poll meanwhile). */
export const RETRY_MS = 60_000;

export type PushEventName = 'notification' | 'inbox';
export interface PushMessage {
  event: PushEventName;
  data: unknown;
}

/** The part of EventSource the shell uses (tests inject a fake: happy-dom has no EventSource). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

const CLOSED = 2;
const OPEN = 1;

const defaultFactory = (): EventSourceFactory | null =>
  typeof EventSource === 'undefined' ? null : (url) => new EventSource(url) as unknown as EventSourceLike;

let factory: EventSourceFactory | null | undefined;
let source: EventSourceLike | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
const listeners = new Set<(message: PushMessage) => void>();
/** Told when the stream opens or is refused: polling starts or stops (`refetchInterval` is computed again). */
const stateListeners = new Set<() => void>();
const stateChanged = (): void => {
  for (const listener of [...stateListeners]) listener();
};

/** Replaces how the stream is opened (tests); `null`: no push (polling only). Closes an open stream. */
export function setEventSourceFactory(next: EventSourceFactory | null | undefined): void {
  factory = next;
  disconnect();
}

function disconnect(): void {
  source?.close();
  source = null;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
}

function dispatch(event: PushEventName, raw: MessageEvent): void {
  let data: unknown = null;
  try {
    data = JSON.parse(String(raw.data));
  } catch {
    // a message without JSON still means "refresh"
  }
  for (const listener of [...listeners]) listener({ event, data });
}

function connect(): void {
  const make = factory === undefined ? defaultFactory() : factory;
  if (!make || source || listeners.size === 0) return;
  let opened: EventSourceLike;
  try {
    opened = make(PUSH_URL);
  } catch {
    return;
  }
  source = opened;
  opened.addEventListener('notification', (e) => dispatch('notification', e));
  opened.addEventListener('inbox', (e) => dispatch('inbox', e));
  opened.onopen = () => {
    if (source === opened) stateChanged();
  };
  opened.onerror = () => {
    // CONNECTING: the browser retries by itself. CLOSED: refused — poll, and try again later.
    if (opened.readyState !== CLOSED || source !== opened) return;
    source = null;
    stateChanged();
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, RETRY_MS);
  };
}

/** Listens to the push stream (opening it for the first listener); returns the unsubscribe function. */
export function subscribePush(listener: (message: PushMessage) => void): () => void {
  listeners.add(listener);
  connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) disconnect();
  };
}

/** Listens for the stream opening or being refused (not for its messages); returns the unsubscribe function. */
export function subscribePushState(listener: () => void): () => void {
  stateListeners.add(listener);
  return () => void stateListeners.delete(listener);
}

/** True while the stream is connected: polling can wait. */
export function isPushOpen(): boolean {
  return source !== null && source.readyState === OPEN;
}
