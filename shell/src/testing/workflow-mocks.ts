// The workflow mock service of a shell component test (the inbox, the bell): one msw server for the file, a fresh
// dataset before each test, every request logged.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createWorkflowDataset, workflowHandlers } from '@wb/mocks';
import type { WorkflowDataset } from '@wb/mocks';

export interface SeenRequest {
  method: string;
  url: URL;
  /** `url.pathname`. */
  path: string;
  headers: Headers;
}

/**
 * Registers the file's hooks: listen (an unhandled request fails), before each test a new dataset for `username`
 * (handed to `onData`) with the log cleared, handlers reset after each, close at the end.
 */
export function serveWorkflowMocks(username: string, onData: (data: WorkflowDataset) => void): { server: ReturnType<typeof setupServer>; requests: SeenRequest[] } {
  const server = setupServer();
  const requests: SeenRequest[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    requests.push({ method: request.method, url, path: url.pathname, headers: request.headers });
  });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    requests.length = 0;
    const data = createWorkflowDataset({ username });
    server.use(...workflowHandlers({ data }));
    onData(data);
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return { server, requests };
}
