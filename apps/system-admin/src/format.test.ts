import { describe, expect, it } from 'vitest';
import { businessYear, formatSeconds, formatTime, validityText } from './format.ts';

describe('系统管理 times (Asia/Shanghai, whatever the browser zone)', () => {
  it('formats instants in business time', () => {
    // 16:30:05 UTC is 00:30:05 the next day in Shanghai: a local-time formatter in UTC would show the day before.
    expect(formatSeconds('2026-11-26T16:30:05.000Z')).toBe('2026-11-27 00:30:05');
    expect(formatTime('2026-11-26T16:30:05.000Z')).toBe('2026-11-27 00:30');
    expect(formatSeconds(null)).toBe('—');
    expect(formatSeconds('not a time')).toBe('—');
  });

  it('shows a post validity to the minute in China time, and the business year', () => {
    expect(validityText('2026-02-28T16:00:00.000Z', '2026-12-31T15:59:59.000Z')).toBe('2026-03-01 00:00 起 ~ 2026-12-31 23:59 止');
    expect(validityText(null, '2026-03-03T02:30:00.000Z')).toBe('即日起 ~ 2026-03-03 10:30 止');
    expect(validityText(null, null)).toBe('即日起 ~ 长期');
    expect(businessYear(new Date('2026-12-31T16:00:00.000Z'))).toBe(2027);
  });
});
