/**
 * Contract tests (ADR 0026): the same scenario runs against a service's msw mock (`@wb/mocks`, through fetch
 * in Node) and against the real service (`app.inject`), so that the dev harness and the app tests meet the
 * server's behaviour — status, error code, ETag — not a second server's.
 */
import type { RequestHandler } from 'msw';
import { afterAll, beforeAll, describe } from 'vitest';
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

/** What a contract scenario runs against: its caller, what else the target provides (`X`), and how it ends. */
export type ContractTarget<X extends object = object> = X & { call: Caller; close(): Promise<void> | void };

/** How to open each side of a contract: the service's msw mock and the real service. */
export interface ContractTargets<X extends object = object> {
  mock: () => Promise<ContractTarget<X>>;
  service: () => Promise<ContractTarget<X>>;
}

/**
 * `describe.each` over the mock and the service (`<title> contract: the mock` / `… the service`): each target is
 * opened before its scenarios (within `timeoutMs`) and closed after them. `scenarios` gets the open target and
 * a caller that calls it; a scenario's own `beforeAll` runs after the target is open.
 */
export function describeContract<X extends object = object>(
  title: string,
  targets: ContractTargets<X>,
  scenarios: (target: () => ContractTarget<X>, call: Caller) => void,
  timeoutMs = 120_000,
): void {
  const sides: Array<[string, () => Promise<ContractTarget<X>>]> = [
    ['the mock', targets.mock],
    ['the service', targets.service],
  ];
  describe.each(sides)(`${title} contract: %s`, (_side, open) => {
    let opened: ContractTarget<X> | undefined;
    beforeAll(async () => {
      opened = await open();
    }, timeoutMs);
    afterAll(async () => opened?.close());
    const target = (): ContractTarget<X> => {
      if (!opened) throw new Error(`${title} contract: the target did not open`);
      return opened;
    };
    scenarios(target, (...args) => target().call(...args));
  });
}
