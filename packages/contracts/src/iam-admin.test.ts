import { describe, expect, it } from 'vitest';
import { importCellText, postLineInstant } from './iam-admin.ts';

describe('dates of 岗位任职 lines (China time, ADR 0073)', () => {
  it('reads a date alone as the whole day and a minute as that minute', () => {
    expect(postLineInstant('2026-12-31', false)).toBe('2026-12-30T16:00:00.000Z');
    expect(postLineInstant('2026-12-31', true)).toBe('2026-12-31T15:59:59.000Z');
    expect(postLineInstant('2026-12-31 10:30', true)).toBe('2026-12-31T02:30:00.000Z');
    expect(postLineInstant('2026-02-30', true)).toBeNull();
    expect(postLineInstant('2026-12-31 24:00', true)).toBeNull();
    expect(postLineInstant('31/12/2026', true)).toBeNull();
    // A month or day that does not exist is no date (it threw, and the whole job failed with a generic message).
    expect(postLineInstant('2026-13-01', false)).toBeNull();
    expect(postLineInstant('2026-00-10', false)).toBeNull();
    expect(postLineInstant('2026-12-00', true)).toBeNull();
  });
});

describe('cells of the onboarding template (as exceljs gives them)', () => {
  it('reads text trimmed, rich text and formula results flattened, dates as days or minutes, errors as nothing', () => {
    expect(importCellText('  yk05 ')).toBe('yk05');
    expect(importCellText(334010104)).toBe('334010104');
    expect(importCellText(null)).toBe('');
    expect(importCellText({ richText: [{ text: '江北' }, { text: '东城供电所 ' }] })).toBe('江北东城供电所');
    expect(importCellText({ text: '链接', hyperlink: 'https://x' })).toBe('链接');
    expect(importCellText({ formula: 'A1', result: new Date('2026-12-01T00:00:00Z') })).toBe('2026-12-01');
    expect(importCellText(new Date('2026-12-01T10:30:00Z'))).toBe('2026-12-01 10:30');
    expect(importCellText({ error: '#REF!' })).toBe('');
  });
});
