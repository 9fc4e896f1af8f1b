import { describe, expect, it } from 'vitest';
import { formatIndicator, indicatorParts } from './indicators.ts';

describe('indicator figures', () => {
  it('gives the figure and its unit apart, and the text joins them (percent keeps its sign)', () => {
    expect(indicatorParts(98.456, 'percent')).toEqual({ figure: '98.46%', unit: '' });
    expect(indicatorParts(12.34, 'workdays')).toEqual({ figure: '12.3', unit: '工作日' });
    expect(indicatorParts(7.6, 'count')).toEqual({ figure: '8', unit: '' });
    expect(indicatorParts(1.5, 'per10k')).toEqual({ figure: '1.50', unit: '件/万户' });
    expect(indicatorParts(1_234_567, 'yuan')).toEqual({ figure: '123.46', unit: '万元' });
    expect(formatIndicator(12.34, 'workdays')).toBe('12.3 工作日');
    expect(formatIndicator(98.456, 'percent')).toBe('98.46%');
    expect(formatIndicator(null, 'yuan')).toBe('—');
  });
});
