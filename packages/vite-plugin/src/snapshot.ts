import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_SPECIFIERS, compatibleRange, installedVersion, packageOfSpecifier } from '@wb/shared-deps';
import type { PlatformSnapshot } from './platform.ts';

/**
 * The platform as this checkout builds it: the shared specifiers and the installed version of each shared
 * package — what `GET /api/registry/platform` answers in `sharedModules`/`sharedPackages` once the shared build
 * is served. Packed beside the plugin as `platform.json` (scripts/pack-sdk.ts); not part of the packed entry.
 */
export function platformSnapshot(repoRoot: string): PlatformSnapshot {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const packages = [...new Set(SHARED_SPECIFIERS.map(packageOfSpecifier))].sort();
  const versions = Object.fromEntries(packages.map((p) => [p, installedVersion(p, repoRoot)]));
  return {
    platformVersion: version,
    sharedModules: [...SHARED_SPECIFIERS].sort().map((specifier) => {
      const pkg = packageOfSpecifier(specifier);
      return { specifier, package: pkg, version: versions[pkg] ?? null };
    }),
    sharedPackages: packages.map((pkg) => ({ package: pkg, version: versions[pkg] as string, range: compatibleRange(versions[pkg] as string) })),
  };
}
