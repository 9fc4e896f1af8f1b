// The workflow mock service of a shell component test (the inbox, the bell): one msw server for the file, a fresh
// dataset before each test, every request logged.
import { cleanup } from '@testing-library/react';
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
 * (handed to `onData`) with the log cleared, the render unmounted and the handlers reset after each, close at the end.
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
  // Unmount first: vitest runs after-each hooks last-registered first, so the setup file's cleanup would come after
  // the reset, and a still-mounted shell (the header's 待办 count) would send its next request to no handler.
  afterEach(() => {
    cleanup();
    server.resetHandlers();
  });
  afterAll(() => server.close());
  return { server, requests };
}
