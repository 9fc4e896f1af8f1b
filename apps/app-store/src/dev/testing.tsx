// Component-test support (tests only): the msw server with the app-store mock, a request log, and rendering
// the app as the shell would mount it.
import { beforeEach } from 'vitest';
import { HttpResponse, getResponse, http } from 'msw';
import { ErrorCode } from '@wb/contracts';
import { appStoreHandlers, createAppStoreDataset } from '@wb/mocks';
import type { AppStoreDataset } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { renderMicroApp, serveMocks } from '@wb/sdk/testing';
import type { LoggedRequest } from '@wb/sdk/testing';
import { App } from '../App.tsx';

export const API = '/api/svc/appstore/v1';

export type { LoggedRequest } from '@wb/sdk/testing';

export interface StoreTestContext {
  data: AppStoreDataset;
  /** Every request below the appstore service's base, in order (the SDK's request log). */
  requests: LoggedRequest[];
  server: ReturnType<typeof createMockServer>;
}

/** Registers the vitest hooks (the SDK's serveMocks): a fresh dataset per test, every request to the service logged. */
export function setupStoreMock(actor = 'rev01'): StoreTestContext {
  const ctx = { data: createAppStoreDataset() } as StoreTestContext;
  ctx.server = createMockServer(...appStoreHandlers({ data: ctx.data, actor }));
  ctx.requests = serveMocks(ctx.server, API).requests;
  beforeEach(() => {
    ctx.data = createAppStoreDataset();
    ctx.server.use(...appStoreHandlers({ data: ctx.data, actor }));
  });
  return ctx;
}

/** App-level edits the appstore service guards with If-Match (registry/src/store/service.ts). */
const GUARDED_EDIT = /^\/apps\/[^/]+\/(rollout(\/promote)?|visibility|rollback|offline|online)$/;

export interface EtagLayer {
  /** The ETag GET /apps/:id answers now, e.g. `"3"`. */
  current(): string;
  /** Someone else changed the app: the ETag moves on (change `ctx.data` beside it to show what). */
  bump(): void;
}

/**
 * Adds the server's optimistic concurrency to the app-store mock for one test (the mock itself has none):
 * GET /apps/:id answers with an ETag (one counter for all apps), a guarded edit with a stale If-Match gets
 * the server's 412, and each successful guarded edit moves the ETag on, as `row_version` does.
 */
export function withEtags(ctx: StoreTestContext, actor = 'rev01'): EtagLayer {
  let version = 1;
  const tag = () => `"${version}"`;
  const inner = () => appStoreHandlers({ data: ctx.data, actor });
  ctx.server.use(
    http.all(`${API}/apps/*`, async ({ request }) => {
      const path = new URL(request.url).pathname.slice(API.length);
      const isDetail = request.method === 'GET' && /^\/apps\/[^/]+$/.test(path);
      const guarded = request.method !== 'GET' && GUARDED_EDIT.test(path);
      if (!isDetail && !guarded) return undefined; // the mock as is
      const sent = request.headers.get('if-match');
      if (guarded && sent !== null && sent !== tag()) {
        return HttpResponse.json({ error: { code: ErrorCode.PreconditionFailed, message: '应用设置已被他人修改，请刷新后重试' } }, { status: 412 });
      }
      const response = await getResponse(inner(), request);
      if (!response) return undefined;
      if (guarded && response.ok) version += 1;
      if (!isDetail) return response;
      const headers = new Headers(response.headers);
      headers.set('etag', tag());
      return new HttpResponse(await response.text(), { status: response.status, headers });
    }),
  );
  return { current: tag, bump: () => void (version += 1) };
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
