import { describe, expect, it } from 'vitest';
import { importPercent, importStatusText, toBase64 } from './importJob.ts';

describe('import progress', () => {
  it('moves through reading, checking and writing, and is full only when finished', () => {
    expect(importPercent({ status: 'running', phase: 'read', total: 0, done: 0 })).toBe(2);
    expect(importPercent({ status: 'running', phase: 'check', total: 5000, done: 2500 })).toBe(28);
    expect(importPercent({ status: 'running', phase: 'write', total: 5000, done: 5000 })).toBe(99);
    expect(importPercent({ status: 'succeeded', phase: 'done', total: 5000, done: 5000 })).toBe(100);
    expect(importStatusText({ phase: 'write', total: 5000, done: 1500 })).toBe('正在写入：1,500 / 5,000 行');
  });

  it('encodes a file as base64', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 256);
    const encoded = await toBase64(new Blob([bytes]));
    expect(Buffer.from(encoded, 'base64').equals(Buffer.from(bytes))).toBe(true);
  });
});
