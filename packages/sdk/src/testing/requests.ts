// The request log every component test keeps: what reached the msw mock service, in order.

/** One request the mock service saw. */
export interface LoggedRequest {
  method: string;
  /** Path below `base` (the whole path when no base was given). */
  path: string;
  search: URLSearchParams;
  headers: Headers;
  /** The `If-Match` header, or null. */
  ifMatch: string | null;
  /** The body as text ('' for GET), filled in as soon as the body has been read (see `settled`). */
  body: string;
  /** The body parsed as JSON, or undefined (no body, or not JSON). */
  json: unknown;
}

type RequestStart = (event: { request: Request }) => void;

/** The part of an msw server (`setupServer`, `createMockServer`) the log listens to. */
export interface RequestEventSource {
  events: {
    on(type: 'request:start', listener: RequestStart): unknown;
    removeListener(type: 'request:start', listener: RequestStart): unknown;
  };
}

export interface RequestLog {
  /** Every request under `base` since the last `clear()`, in order. */
  readonly requests: LoggedRequest[];
  /** Requests with this method (and path, exact or matching). */
  filter(method: string, path?: string | RegExp): LoggedRequest[];
  /** Resolves once every logged body has been read. */
  settled(): Promise<void>;
  /** Empties the log (call it in `afterEach`). */
  clear(): void;
  /** Stops listening (call it in `afterAll`, or when a test added its own log). */
  stop(): void;
}

/**
 * Logs the requests an msw server (`setupServer`/`createMockServer`) receives under `base`, e.g.
 * `/api/svc/connection/v1`. Replaces each test file's own `server.events.on('request:start', …)`; `stop()`
 * removes the listener, so that no test leaves one behind for the next.
 */
export function recordRequests(server: RequestEventSource, base = ''): RequestLog {
  const requests: LoggedRequest[] = [];
  const reads = new Set<Promise<void>>();
  const listener = ({ request }: { request: Request }): void => {
    const url = new URL(request.url);
    if (base !== '' && url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return;
    const entry: LoggedRequest = {
      method: request.method,
      path: url.pathname.slice(base.length),
      search: url.searchParams,
      headers: request.headers,
      ifMatch: request.headers.get('if-match'),
      body: '',
      json: undefined,
    };
    requests.push(entry);
    if (request.method === 'GET' || request.method === 'HEAD') return;
    const read = request
      .clone()
      .text()
      .then((text) => {
        entry.body = text;
        try {
          entry.json = text === '' ? undefined : JSON.parse(text);
        } catch {
          entry.json = undefined;
        }
      })
      .catch(() => undefined)
      .finally(() => reads.delete(read));
    reads.add(read);
  };
  server.events.on('request:start', listener);
  return {
    requests,
    filter(method, path) {
      return requests.filter(
        (entry) => entry.method === method && (path === undefined || (typeof path === 'string' ? entry.path === path : path.test(entry.path))),
      );
    },
    async settled() {
      await Promise.all([...reads]);
    },
    clear() {
      requests.length = 0;
    },
    stop() {
      server.events.removeListener('request:start', listener);
    },
  };
}
