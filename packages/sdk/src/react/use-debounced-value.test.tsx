import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useDebouncedValue } from './index.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('useDebouncedValue', () => {
  it('answers a new value only once it has stood still for the delay', () => {
    vi.useFakeTimers();
    const { result, rerender } = renderHook(({ value }) => useDebouncedValue(value, 300), { initialProps: { value: '3' } });
    expect(result.current).toBe('3');
    rerender({ value: '33' });
    act(() => vi.advanceTimersByTime(200));
    rerender({ value: '331' });
    act(() => vi.advanceTimersByTime(299));
    // Each change restarts the wait: '33' never settled.
    expect(result.current).toBe('3');
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe('331');
  });
});
