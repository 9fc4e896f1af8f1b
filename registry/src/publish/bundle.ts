import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';

/** A bundle as uploaded: bundle-relative path → bytes. Always includes `manifest.json`. */
export type BundleFiles = ReadonlyMap<string, Uint8Array>;

export const MANIFEST_FILE = 'manifest.json';
const SAFE_PATH = /^[\w./-]+$/;
const MAX_PATH_LENGTH = 200;

/**
 * A bundle path becomes part of an asset URL and a lookup key, so only plain relative paths are allowed:
 * word characters, dot, slash and hyphen; no absolute paths, no empty, `.` or `..` segments.
 */
export function unsafePathReason(path: string): string | null {
  if (path.length === 0 || path.length > MAX_PATH_LENGTH) return `路径长度须在 1 到 ${MAX_PATH_LENGTH} 个字符之间`;
  if (!SAFE_PATH.test(path)) return '路径只能包含字母、数字、下划线、点、连字符和斜杠';
  if (path.startsWith('/')) return '不允许绝对路径';
  if (path.split('/').some((seg) => seg === '' || seg === '.' || seg === '..')) return '路径中不允许出现空段、. 或 ..';
  return null;
}

export function assertSafePaths(files: BundleFiles): void {
  for (const path of files.keys()) {
    const reason = unsafePathReason(path);
    if (reason) {
      throw new AppError(400, ErrorCode.BadRequest, `文件路径不安全：${JSON.stringify(path)}，${reason}`, {
        files: `不安全的路径 ${path}`,
      });
    }
  }
}

/** Reads every file under `dir` (recursively) into a bundle map keyed by `/`-separated relative paths. */
const PRECOMPRESSED = /\.(br|gz)$/;

export async function readBundleDir(dir: string): Promise<Map<string, Uint8Array>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    // Precompressed siblings (`x.js.br`, `x.js.gz`) a build writes are not part of the bundle: the asset
    // server compresses each blob once itself, and they would count twice against the size budget.
    if (!entry.isFile() || PRECOMPRESSED.test(entry.name)) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(dir, full).split(sep).join('/');
    files.set(path, new Uint8Array(await readFile(full)));
  }
  return files;
}
