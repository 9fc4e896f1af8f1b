import { clientErrorReportSchema } from '@wb/contracts';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createErrorReporter, toClientErrorReport } from './error-reporter.ts';

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

  // ADR 0019: the contract refuses control characters and lone surrogates; a report must still go out when an
  // error message holds them (ANSI colours in a library's message, a surrogate pair cut by the length limit).
  it('still reports an error whose text holds control characters or a cut surrogate pair', () => {
    const error = new Error(`\u001b[31mred\u001b[0m \u0000 ${'x'.repeat(1984)}😀`);
    const report = toClientErrorReport('customer-archive', 'WB_SHELL_004', error, 'http://x/app/a');
    expect(clientErrorReportSchema.safeParse(report).success).toBe(true);
    expect(report.message).toMatch(/^\uFFFD\[31mred\uFFFD\[0m \uFFFD x/);
    expect(report.message).toHaveLength(2000);
  });

  it('never throws when the report cannot be sent', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failing = vi.fn(() => Promise.reject(new TypeError('offline')));
    expect(() => createErrorReporter({ fetch: failing }).report('a', 'WB_SHELL_001', 'not an Error')).not.toThrow();
    expect(failing).toHaveBeenCalledTimes(1);
  });
});
