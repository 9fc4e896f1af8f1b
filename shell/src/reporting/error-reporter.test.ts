import { clientErrorReportSchema } from '@wb/contracts';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createErrorReporter } from './error-reporter.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

describe('error reporter', () => {
  it('posts a contract-valid report with the CSRF header and logs the error', async () => {
    const received: Array<{ body: unknown; csrf: string | null }> = [];
    server.use(
      http.post('*/api/client-errors', async ({ request }) => {
        received.push({ body: await request.json(), csrf: request.headers.get('x-workbench-request') });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    createErrorReporter().report('customer-archive', 'WB_SHELL_003', new Error('x'.repeat(5000)));
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]?.csrf).toBe('1');
    const body = clientErrorReportSchema.parse(received[0]?.body);
    expect(body).toMatchObject({ appId: 'customer-archive', code: 'WB_SHELL_003' });
    expect(body.message).toHaveLength(2000);
    expect(log).toHaveBeenCalledWith('[WB_SHELL_003] micro-app customer-archive:', expect.any(Error));
  });

  it('never throws when the report cannot be sent', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failing = vi.fn(() => Promise.reject(new TypeError('offline')));
    expect(() => createErrorReporter({ fetch: failing }).report('a', 'WB_SHELL_001', 'not an Error')).not.toThrow();
    expect(failing).toHaveBeenCalledTimes(1);
  });
});
