import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Version of an installed package, found by walking up from `fromDir` through `node_modules` (package.json files are
 * read directly because `exports` maps of some packages, e.g. the workspace ones, do not expose `./package.json`).
 */
export function installedVersion(packageName: string, fromDir: string): string {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', packageName, 'package.json');
    if (existsSync(candidate)) {
      const { version } = JSON.parse(readFileSync(candidate, 'utf8')) as { version?: unknown };
      if (typeof version !== 'string') throw new Error(`@wb/shared-deps: ${candidate} has no version`);
      return version;
    }
    if (dirname(dir) === dir) throw new Error(`@wb/shared-deps: package ${packageName} is not installed`);
  }
}

/**
 * The caret range a bundle records for a dependency it was built against: `^<major>` (19.3.1 → `^19`), or
 * `^0.<minor>` below 1.0.0, where a minor is a breaking change.
 */
export function compatibleRange(version: string): string {
  const match = /^(\d+)\.(\d+)\.\d+/.exec(version);
  if (!match) throw new Error(`@wb/shared-deps: not a semantic version: ${version}`);
  return match[1] === '0' ? `^0.${match[2]}` : `^${match[1]}`;
}
