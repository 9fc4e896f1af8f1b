// One msw mock service per component-test file: listening before the tests, handlers and request log reset
// after each, the log's listener removed and the server closed at the end.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { recordRequests } from './requests.ts';
import type { RequestEventSource, RequestLog } from './requests.ts';

/** The part of an msw server (`setupServer`, `createMockServer`) the file's lifecycle drives. */
export interface MockServer extends RequestEventSource {
  listen(options: { onUnhandledRequest: 'error' }): void;
  resetHandlers(): void;
  close(): void;
}

/**
 * Registers the file's `beforeAll`/`afterEach`/`afterAll` for `server` (an unhandled request fails the test)
 * and returns the log of the requests it receives under `base` (e.g. `/api/svc/connection/v1`).
 */
export function serveMocks(server: MockServer, base = ''): RequestLog {
  const log = recordRequests(server, base);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    log.clear();
  });
  afterAll(() => {
    log.stop();
    server.close();
  });
  return log;
}
