import { ShellErrorCode } from '@wb/contracts';

/** Default for how long the shell waits for a micro-app's entry module (docs/quality.md R2), in milliseconds. */
export const DEFAULT_LOAD_TIMEOUT_MS = 10_000;

/** Why a load did not produce lifecycles: a real failure (reported) or the user left the route (not one). */
export type AppLoadErrorCode = typeof ShellErrorCode.LoadFailed | typeof ShellErrorCode.LoadTimeout | 'ABORTED';

export class AppLoadError extends Error {
  readonly code: AppLoadErrorCode;

  constructor(code: AppLoadErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppLoadError';
    this.code = code;
  }
}

export interface LoadOptions {
  /** Milliseconds before the load rejects with `WB_SHELL_002`. */
  timeoutMs: number;
  /** Aborting rejects at once with code `ABORTED`. */
  signal?: AbortSignal;
}

/**
 * Settles `load()` within `timeoutMs`. The browser's fetch of a hanging module cannot be cancelled, but
 * single-spa only needs the promise to settle: its reroute waits for every loading app, so an import that
 * never settles would block all later navigation between micro-apps.
 */
export function loadWithTimeout<T>(load: () => Promise<T>, options: LoadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const { signal, timeoutMs } = options;
    const finish = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      finish();
      reject(new AppLoadError('ABORTED', 'load abandoned: the app is no longer active'));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new AppLoadError(ShellErrorCode.LoadTimeout, `entry module did not load within ${timeoutMs} ms`));
    }, timeoutMs);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    load().then(
      (value) => {
        finish();
        resolve(value);
      },
      (error: unknown) => {
        finish();
        const message = error instanceof Error ? error.message : String(error);
        reject(new AppLoadError(ShellErrorCode.LoadFailed, `entry module failed to load: ${message}`, { cause: error }));
      },
    );
  });
}
