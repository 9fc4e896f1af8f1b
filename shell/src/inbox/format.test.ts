import { describe, expect, it } from 'vitest';
import { formatTime } from './format.ts';

describe('formatTime', () => {
  it('renders China Standard Time whatever the browser zone (issue 10: notifications showed raw UTC)', () => {
    expect(formatTime('2026-12-03T21:28:44.950Z')).toBe('2026-12-04 05:28');
    expect(formatTime(null)).toBe('—');
    expect(formatTime('not a time')).toBe('—');
  });
});
