import { describe, expect, it } from 'vitest';
import { maskPhone } from './format.ts';

describe('maskPhone', () => {
  it('masks the middle four digits of a mobile number', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
  });

  it('keeps only the last four digits of shorter numbers and hides very short ones', () => {
    expect(maskPhone('88123456')).toBe('****3456');
    expect(maskPhone('110')).toBe('****');
  });
});
