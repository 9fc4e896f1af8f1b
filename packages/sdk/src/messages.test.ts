import { describe, expect, it } from 'vitest';
import { SLA_TAGS, businessDateTimeInput, businessToday, formatDate, formatRemaining, formatTime, fromBusinessDateTimeInput, maskMobile } from './messages.ts';

describe('the shared formatters', () => {
  it('renders China Standard Time whatever the browser zone (issue 10: notifications showed raw UTC)', () => {
    expect(formatTime('2026-12-03T21:28:44.950Z')).toBe('2026-12-04 05:28');
    expect(formatTime(Date.UTC(2026, 0, 1, 0, 5))).toBe('2026-01-01 08:05');
    expect(formatTime(null)).toBe('—');
    expect(formatTime('not a time')).toBe('—');
  });

  it('gives the business date, not the UTC date, late in the Chinese evening', () => {
    expect(formatDate('2026-12-03T16:30:00Z')).toBe('2026-12-04');
    expect(businessToday(new Date('2026-12-03T15:59:00Z'))).toBe('2026-12-03');
    expect(businessToday(new Date('2026-12-03T16:00:00Z'))).toBe('2026-12-04');
  });

  it('fills and reads datetime-local inputs in Beijing time, not the browser’s zone (issue 12: 到达/恢复时间)', () => {
    expect(businessDateTimeInput(new Date('2026-12-03T16:30:00Z'))).toBe('2026-12-04T00:30');
    expect(fromBusinessDateTimeInput('2026-12-04T00:30')).toBe('2026-12-03T16:30:00.000Z');
    expect(fromBusinessDateTimeInput(businessDateTimeInput('2026-01-01T01:02:00Z'))).toBe('2026-01-01T01:02:00.000Z');
    expect(fromBusinessDateTimeInput('')).toBeUndefined();
    expect(fromBusinessDateTimeInput('2026-13-45T99:00')).toBeUndefined();
    expect(fromBusinessDateTimeInput(undefined)).toBeUndefined();
  });

  it('says how long is left or how long overdue', () => {
    expect(formatRemaining(65 * 60_000)).toBe('还剩 1小时5分');
    expect(formatRemaining(-20 * 60_000 - 5_000)).toBe('已超 20分');
    expect(formatRemaining((2 * 1440 + 3 * 60) * 60_000)).toBe('还剩 2天3小时');
    expect(formatRemaining(30_000)).toBe('还剩 不足1分');
  });

  it('masks an 11-digit mobile and leaves anything else alone', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskMobile('0791-8888')).toBe('0791-8888');
  });

  it('has one SLA vocabulary (issue 21 item 7: 临期/超期/暂停计时 in one app, 即将超期/已超期/已暂停 in the shell)', () => {
    expect(Object.values(SLA_TAGS).map((t) => t.label)).toEqual(['正常', '即将超期', '已超期', '已暂停']);
  });
});
