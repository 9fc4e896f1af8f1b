import { ShellErrorCode } from '@wb/contracts';
import { AppLoadError } from './load-app.ts';

/**
 * Maps an error that reached single-spa's error handler to the shell's numbered code. Load errors come from
 * our own loader and carry their code. For lifecycle errors single-spa prefixes the message with
 * "died in status <STATUS>" (the status before the failure, single-spa 6 app-errors.js `transformErr`):
 * LOADING_SOURCE_CODE = the module loaded but is not a valid app, UNMOUNTING = unmount failed; everything
 * else (BOOTSTRAPPING, MOUNTING, or NOT_MOUNTED after single-spa's cleanup of a failed mount) is 003.
 */
export function classifyAppError(error: unknown): ShellErrorCode {
  if (error instanceof AppLoadError && error.code !== 'ABORTED') return error.code;
  const message = error instanceof Error ? error.message : String(error);
  const status = /died in status (\w+)/.exec(message)?.[1];
  if (status === 'LOADING_SOURCE_CODE') return ShellErrorCode.LoadFailed;
  if (status === 'UNMOUNTING') return ShellErrorCode.UnmountFailed;
  return ShellErrorCode.BootstrapOrMountFailed;
}

export function isAbortedLoad(error: unknown): boolean {
  return error instanceof AppLoadError && error.code === 'ABORTED';
}
