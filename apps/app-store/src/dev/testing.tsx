// Component-test support (tests only): the msw server with the app-store mock, a request log, and rendering
// the app as the shell would mount it.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { appStoreHandlers, createAppStoreDataset } from '@wb/mocks';
import type { AppStoreDataset } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { renderMicroApp } from '@wb/sdk/testing';
import { App } from '../App.tsx';

export const API = '/api/svc/appstore/v1';

export interface LoggedRequest {
  method: string;
  path: string;
  search: URLSearchParams;
  body: string;
}

export interface StoreTestContext {
  data: AppStoreDataset;
  requests: LoggedRequest[];
  server: ReturnType<typeof createMockServer>;
}

/** Registers the vitest hooks: a fresh dataset per test, every request to the service logged. */
export function setupStoreMock(actor = 'rev01'): StoreTestContext {
  const ctx = { data: createAppStoreDataset(), requests: [] as LoggedRequest[] } as StoreTestContext;
  ctx.server = createMockServer(...appStoreHandlers({ data: ctx.data, actor }));
  beforeAll(() => {
    ctx.server.listen({ onUnhandledRequest: 'error' });
    ctx.server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (!url.pathname.startsWith(API)) return;
      const entry: LoggedRequest = { method: request.method, path: url.pathname.slice(API.length), search: url.searchParams, body: '' };
      ctx.requests.push(entry);
      if (request.method !== 'GET') void request.clone().text().then((text) => (entry.body = text));
    });
  });
  beforeEach(() => {
    ctx.data = createAppStoreDataset();
    ctx.server.use(...appStoreHandlers({ data: ctx.data, actor }));
  });
  afterEach(() => {
    ctx.server.resetHandlers();
    ctx.requests.length = 0;
  });
  afterAll(() => ctx.server.close());
  return ctx;
}

export const REVIEWER = ['store:market:use', 'store:app:manage', 'store:app:review'];

export function renderStore(url: string, options: { permissions?: string[]; username?: string } = {}) {
  return renderMicroApp(<App />, {
    url,
    props: {
      appId: 'app-store',
      services: { appstore: API },
      session: { username: options.username ?? 'rev01', permissions: options.permissions ?? REVIEWER },
    },
  });
}
