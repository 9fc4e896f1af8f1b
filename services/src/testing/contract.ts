/**
 * Contract tests (ADR 0026): the same scenario runs against a service's msw mock (`@wb/mocks`, through fetch
 * in Node) and against the real service (`app.inject`), so that the dev harness and the app tests meet the
 * server's behaviour — status, error code, ETag — not a second server's.
 */
import type { RequestHandler } from 'msw';
import { createMockServer } from '@wb/mocks/node';
import type { TestApp } from './harness.ts';

export interface Answer {
  status: number;
  /** `error.code` of an error answer; undefined on success. */
  code: string | undefined;
  /** Field names of a 400's `error.fields`. */
  fields: string[];
  etag: string | undefined;
  body: Record<string, unknown>;
}

/**
 * One HTTP call of a scenario, relative to the service's base, as `user` (the mocks ignore who asks). A body is
 * sent as JSON, except bytes (`Uint8Array`), which go as they are with the `content-type` header given.
 */
export type Caller = (user: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;

function answer(status: number, text: string, etag: string | undefined): Answer {
  const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  const error = body['error'] as { code?: string; fields?: Record<string, string> } | undefined;
  return { status, code: error?.code, fields: Object.keys(error?.fields ?? {}), etag, body };
}

const MOCK_ORIGIN = 'http://mock.test';

/** The mock as a caller: an msw server in this process; `base` like `/api/svc/connection/v1`. */
export function mockCaller(base: string, handlers: (baseUrl: string) => RequestHandler[]): { call: Caller; close(): void } {
  const server = createMockServer(...handlers(`${MOCK_ORIGIN}${base}`));
  server.listen({ onUnhandledRequest: 'error' });
  const call: Caller = async (_user, method, path, body, headers = {}) => {
    const raw = body instanceof Uint8Array;
    const response = await fetch(`${MOCK_ORIGIN}${base}${path}`, {
      method,
      headers: { accept: 'application/json', ...(body === undefined || raw ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: raw ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body) }),
    });
    return answer(response.status, await response.text(), response.headers.get('etag') ?? undefined);
  };
  return { call, close: () => server.close() };
}

/** The real service as a caller, through the composed app; `cookies` by username. */
export function injectCaller(t: TestApp, base: string, cookies: Record<string, string>): Caller {
  return async (user, method, path, body, headers = {}) => {
    const response = await t.request({
      method,
      url: `${base}${path}`,
      cookie: cookies[user] ?? '',
      headers,
      ...(body === undefined ? {} : { payload: body instanceof Uint8Array ? Buffer.from(body) : (body as Record<string, unknown>) }),
    });
    const etag = response.headers.etag;
    return answer(response.statusCode, response.body, typeof etag === 'string' ? etag : undefined);
  };
}
