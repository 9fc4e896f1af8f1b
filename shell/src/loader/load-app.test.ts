import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppLoadError, loadWithTimeout } from './load-app.ts';

const never = (): Promise<never> => new Promise(() => undefined);

afterEach(() => {
  vi.useRealTimers();
});

describe('loadWithTimeout', () => {
  it('rejects a load that never settles with WB_SHELL_002 once the timeout passes', async () => {
    vi.useFakeTimers();
    const result = loadWithTimeout(never, { timeoutMs: 10_000 });
    const settled = vi.fn();
    result.catch(settled);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).rejects.toMatchObject({ name: 'AppLoadError', code: 'WB_SHELL_002' });
  });

  it('wraps a failed import as WB_SHELL_001 and keeps the cause', async () => {
    const cause = new TypeError('Failed to fetch dynamically imported module: /assets/apps/x/main.js');
    const error = await loadWithTimeout(() => Promise.reject(cause), { timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppLoadError);
    expect(error).toMatchObject({ code: 'WB_SHELL_001', cause });
    expect((error as Error).message).toContain('Failed to fetch dynamically imported module');
  });

  it('resolves with the module and clears its timer', async () => {
    vi.useFakeTimers();
    await expect(loadWithTimeout(() => Promise.resolve('module'), { timeoutMs: 50 })).resolves.toBe('module');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once as ABORTED when the signal aborts, before the timeout', async () => {
    const controller = new AbortController();
    const result = loadWithTimeout(never, { timeoutMs: 60_000, signal: controller.signal });
    controller.abort();
    await expect(result).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
