import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Subresource-integrity value of some bytes: `sha384-<base64>` (what import maps and `<script integrity>` take). */
export function sha384Integrity(bytes: Uint8Array): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** gzip at level 9, as served; the size budget (docs/quality.md P3) counts these bytes. */
export function gzip(bytes: Uint8Array): Buffer {
  return gzipSync(bytes, { level: 9 });
}

export function brotli(bytes: Uint8Array): Buffer {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
    },
  });
}

/** Facts about one emitted file, as listed in shared-deps.json and shell.json. */
export interface AssetFacts {
  readonly file: string;
  readonly integrity: string;
  /** Bytes on disk. */
  readonly size: number;
  /** Bytes after gzip -9. */
  readonly gzip: number;
}

/**
 * Writes `<file>.gz` and `<file>.br` next to `absPath` so a static server can send them as they are,
 * and returns the file's integrity and sizes.
 */
export async function precompress(absPath: string, file: string): Promise<AssetFacts> {
  const bytes = await readFile(absPath);
  const gz = gzip(bytes);
  await writeFile(`${absPath}.gz`, gz);
  await writeFile(`${absPath}.br`, brotli(bytes));
  return { file, integrity: sha384Integrity(bytes), size: bytes.byteLength, gzip: gz.byteLength };
}

/** File types worth compressing and listing (not sourcemaps or the manifests themselves). */
export function isServedAsset(file: string): boolean {
  return /\.(m?js|css|svg|json|wasm|txt|html)$/.test(file) && !file.endsWith('.map');
}
