import { CSRF_HEADER, cleanText, clientErrorReportSchema, type ClientErrorReport } from '@wb/contracts';

export const CLIENT_ERRORS_PATH = '/api/client-errors';

export interface ErrorReporter {
  /** Logs the failure and posts it to the server; never throws (a failing report must not break the shell). */
  report(appId: string, code: string, error: unknown): void;
}

/** Cut to the contract's length, then replace what the contract refuses (a control character, a surrogate pair cut in two) with U+FFFD (ADR 0019). */
const limit = (value: string | undefined, max: number): string | undefined =>
  value === undefined ? undefined : cleanText(value.slice(0, max), 'multiline');

export function toClientErrorReport(appId: string, code: string, error: unknown, url: string): ClientErrorReport {
  const err = error instanceof Error ? error : new Error(String(error));
  return clientErrorReportSchema.parse({
    appId: cleanText(appId.slice(0, 64)),
    code: cleanText(code.slice(0, 32)),
    message: limit(err.message || err.name, 2000),
    stack: limit(err.stack, 8000),
    url: cleanText(url.slice(0, 2000)),
  });
}

export function createErrorReporter(options: { fetch?: typeof fetch } = {}): ErrorReporter {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    report(appId, code, error) {
      console.error(`[${code}] micro-app ${appId}:`, error);
      try {
        const body = toClientErrorReport(appId, code, error, window.location.href);
        void doFetch(CLIENT_ERRORS_PATH, {
          method: 'POST',
          credentials: 'same-origin',
          // keepalive: the report still goes out if the user leaves the page right after the failure.
          keepalive: true,
          headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
          body: JSON.stringify(body),
        }).catch(() => undefined);
      } catch (reportError) {
        console.error('client error report could not be built', reportError);
      }
    },
  };
}
