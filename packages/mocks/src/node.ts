import { setupServer } from 'msw/node';
import type { SetupServer } from 'msw/node';
import type { RequestHandler } from 'msw';
import { customerHandlers } from './customer/handlers.ts';

/** An msw server for vitest; defaults to the customer handlers. Call listen()/resetHandlers()/close() yourself. */
export function createMockServer(...handlers: RequestHandler[]): SetupServer {
  return setupServer(...(handlers.length > 0 ? handlers : customerHandlers()));
}
