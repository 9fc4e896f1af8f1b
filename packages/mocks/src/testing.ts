/**
 * One mock service in a vitest file (the mocks' own tests): an msw server in this process, a fresh dataset for every
 * test, and `call`, a fetch relative to the service's base. Contract tests that run the same scenario against the
 * real service use services/src/testing/contract.ts.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RequestHandler } from 'msw';
import { apiErrorSchema } from '@wb/contracts';
import { createMockServer } from './node.ts';

/** The `error` of an answer's body, checked against the contract's error shape (throws when it is not one). */
export const errorOf = (body: unknown) => apiErrorSchema.parse(body).error;

export interface MockAnswer {
  status: number;
  etag: string | null;
  /** The parsed JSON body, or undefined for an empty one. */
  body: unknown;
}

export interface MockService<D> {
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<MockAnswer>;
  /** The dataset the handlers serve in the running test. */
  data(): D;
}

export function setUpMockService<D>(base: string, dataset: () => D, handlers: (data: D) => RequestHandler[]): MockService<D> {
  let data = dataset();
  const server = createMockServer(...handlers(data));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    data = dataset();
    server.resetHandlers(...handlers(data));
  });
  afterAll(() => server.close());
  return {
    async call(method, path, body, headers = {}) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, etag: response.headers.get('etag'), body: (text ? JSON.parse(text) : undefined) as unknown };
    },
    data: () => data,
  };
}
