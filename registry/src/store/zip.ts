import { unzipSync } from 'fflate';
import { ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import { MANIFEST_FILE } from '../publish/bundle.ts';

/** Limits of an uploaded archive, checked before anything is decompressed. */
export interface ZipLimits {
  /** Sum of the declared uncompressed sizes. Default 32 MiB (the size budget then applies to the files). */
  maxUncompressedBytes?: number;
  /** Default 2000 entries. */
  maxEntries?: number;
}

export const DEFAULT_ZIP_LIMITS: Required<ZipLimits> = { maxUncompressedBytes: 32 * 1024 * 1024, maxEntries: 2000 };

/** Archive noise from desktop zip tools; never part of a bundle. */
function isNoise(name: string): boolean {
  return name.startsWith('__MACOSX/') || name.split('/').pop() === '.DS_Store';
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(0)} MiB`;
}

/**
 * Unpacks an uploaded bundle archive into bundle files. `manifest.json` must be at the root, or inside one
 * top-level folder holding everything (a zipped `dist/`), which is then stripped. Zip-bomb guard: the
 * declared sizes are summed before inflating, and each entry inflates into a buffer of its declared size
 * (fflate never grows it), so memory stays bounded whatever the archive claims. Path safety, size budget
 * and the manifest are the publish pipeline's checks.
 */
export function unzipBundle(archive: Uint8Array, limits: ZipLimits = {}): Map<string, Uint8Array> {
  const { maxUncompressedBytes, maxEntries } = { ...DEFAULT_ZIP_LIMITS, ...limits };
  let declared = 0;
  let entries = 0;
  let tooBig = false;
  let raw: Record<string, Uint8Array>;
  try {
    raw = unzipSync(archive, {
      filter: (file) => {
        entries += 1;
        declared += file.originalSize;
        if (declared > maxUncompressedBytes || entries > maxEntries) tooBig = true;
        return !tooBig && !file.name.endsWith('/') && !isNoise(file.name);
      },
    });
  } catch (cause) {
    if (tooBig) throw tooLarge(maxUncompressedBytes, maxEntries);
    throw new AppError(400, ErrorCode.BadRequest, '上传的文件不是有效的 zip 压缩包', { file: String((cause as Error).message ?? cause).slice(0, 120) });
  }
  if (tooBig) throw tooLarge(maxUncompressedBytes, maxEntries);
  return stripTopFolder(new Map(Object.entries(raw)));
}

function tooLarge(maxBytes: number, maxEntries: number): AppError {
  const message = `压缩包解压后超过 ${mib(maxBytes)} 或 ${maxEntries} 个文件的上限，已拒绝`;
  return new AppError(413, ErrorCode.PayloadTooLarge, message, { file: message });
}

function stripTopFolder(files: Map<string, Uint8Array>): Map<string, Uint8Array> {
  if (files.has(MANIFEST_FILE) || files.size === 0) return files;
  const tops = new Set([...files.keys()].map((p) => p.split('/')[0]));
  const [top] = tops;
  if (tops.size !== 1 || top === undefined || !files.has(`${top}/${MANIFEST_FILE}`)) return files;
  const prefix = `${top}/`;
  return new Map([...files].map(([path, bytes]) => [path.slice(prefix.length), bytes]));
}
