import { setupWorker } from 'msw/browser';
import type { SetupWorker } from 'msw/browser';
import type { RequestHandler } from 'msw';
import { customerHandlers } from './customer/handlers.ts';

/**
 * Starts the msw service worker for a dev harness. The worker script must be served at
 * `/mockServiceWorker.js`: the micro-app dev server serves it from the installed msw (ADR 0085).
 * Requests without a handler go to the network.
 */
export async function startMockWorker(
  handlers: RequestHandler[] = customerHandlers({ delayMs: 300 }),
): Promise<SetupWorker> {
  const worker = setupWorker(...handlers);
  await worker.start({ onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } });
  return worker;
}
