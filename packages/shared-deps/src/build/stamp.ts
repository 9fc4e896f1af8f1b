import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SHARED_DEPS_FILE } from '../manifest.ts';

export const STAMP_FILE = '.build-stamp';

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile() && !/\.test\.tsx?$/.test(path))
    .sort();
}

/**
 * What the shared build depends on: the lockfile (every package version), the workspace sources built into it
 * (SDK, contracts) and the build code itself. Same stamp → same output, so the build can be skipped.
 */
export function computeStamp(root: string, sourceDirs: readonly string[], flags: string): string {
  const hash = createHash('sha256');
  hash.update(`flags:${flags}\n`);
  const lockfile = join(root, 'package-lock.json');
  hash.update(existsSync(lockfile) ? readFileSync(lockfile) : 'no-lockfile');
  for (const dir of sourceDirs) {
    for (const file of listFiles(join(root, dir))) {
      hash.update(`\n${relative(root, file)}\n`);
      hash.update(readFileSync(file));
    }
  }
  return hash.digest('hex');
}

/** True when outDir holds a complete build made from the same inputs. */
export function isUpToDate(outDir: string, stamp: string): boolean {
  const stampPath = join(outDir, STAMP_FILE);
  if (!existsSync(stampPath) || !existsSync(join(outDir, SHARED_DEPS_FILE))) return false;
  return readFileSync(stampPath, 'utf8').trim() === stamp;
}
