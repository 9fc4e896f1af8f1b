import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AppError } from '@wb/server-kit';
import { unzipBundle } from './zip.ts';

const enc = new TextEncoder();

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('unzipBundle', () => {
  it('reads files at the root and strips a single top-level folder holding manifest.json', () => {
    const root = unzipBundle(zipSync({ 'manifest.json': enc.encode('{}'), 'a/b.js': enc.encode('x') }));
    expect([...root.keys()].sort()).toEqual(['a/b.js', 'manifest.json']);
    const nested = unzipBundle(zipSync({ dist: { 'manifest.json': enc.encode('{}'), 'e.js': enc.encode('y') }, '__MACOSX/dist/._e.js': enc.encode('z') }));
    expect([...nested.keys()].sort()).toEqual(['e.js', 'manifest.json']);
    expect(new TextDecoder().decode(nested.get('e.js'))).toBe('y');
    // Two top-level folders: nothing is stripped (the pipeline then reports the missing manifest).
    const two = unzipBundle(zipSync({ a: { 'manifest.json': enc.encode('{}') }, b: { 'x.js': enc.encode('') } }));
    expect([...two.keys()].sort()).toEqual(['a/manifest.json', 'b/x.js']);
  });

  it('refuses what is not a zip (400) and archives over the unpacked limits (413)', () => {
    expect(refusal(() => unzipBundle(enc.encode('plain text, not an archive'))).statusCode).toBe(400);
    const big = zipSync({ 'manifest.json': enc.encode('{}'), 'zeros.js': new Uint8Array(2 * 1024 * 1024) }, { level: 9 });
    expect(big.byteLength).toBeLessThan(64 * 1024);
    const bomb = refusal(() => unzipBundle(big, { maxUncompressedBytes: 1024 * 1024 }));
    expect(bomb.statusCode).toBe(413);
    expect(bomb.message).toContain('压缩包解压后超过');
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.js`, enc.encode('x')]));
    expect(refusal(() => unzipBundle(zipSync(many), { maxEntries: 10 })).statusCode).toBe(413);
  });

  it('never inflates an entry beyond its declared size', () => {
    const archive = zipSync({ 'manifest.json': enc.encode('{}'), 'zeros.js': new Uint8Array(100_000) }, { level: 9 });
    // Lie in both headers: claim 10 bytes for zeros.js (local header at offset of entry, central directory).
    const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
    for (let i = 0; i < archive.byteLength - 4; i++) {
      const sig = view.getUint32(i, true);
      if (sig === 0x04034b50 && new TextDecoder().decode(archive.subarray(i + 30, i + 38)) === 'zeros.js') view.setUint32(i + 22, 10, true);
      if (sig === 0x02014b50 && new TextDecoder().decode(archive.subarray(i + 46, i + 54)) === 'zeros.js') view.setUint32(i + 24, 10, true);
    }
    const files = unzipBundle(archive);
    expect(files.get('zeros.js')?.byteLength).toBe(10);
  });
});
