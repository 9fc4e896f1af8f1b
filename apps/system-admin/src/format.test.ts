import { describe, expect, it } from 'vitest';
import { businessYear, formatSeconds, formatTime, lastValidDay } from './format.ts';

describe('系统管理 times (Asia/Shanghai, whatever the browser zone)', () => {
  it('formats instants in business time', () => {
    // 16:30:05 UTC is 00:30:05 the next day in Shanghai: a local-time formatter in UTC would show the day before.
    expect(formatSeconds('2026-11-26T16:30:05.000Z')).toBe('2026-11-27 00:30:05');
    expect(formatTime('2026-11-26T16:30:05.000Z')).toBe('2026-11-27 00:30');
    expect(formatSeconds(null)).toBe('—');
    expect(formatSeconds('not a time')).toBe('—');
  });

  it('shows the last valid day of an exclusive end and the business year', () => {
    expect(lastValidDay('2027-01-01')).toBe('2026-12-31');
    expect(lastValidDay('2026-12-31T16:00:00.000Z')).toBe('2026-12-31');
    expect(businessYear(new Date('2026-12-31T16:00:00.000Z'))).toBe(2027);
  });
});
