import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * What the plugin needs to know about the platform: the shared modules (the keys of its import map) and the
 * version of each shared package. It is the `sharedModules`/`sharedPackages` part of the platform descriptor
 * (`GET /api/registry/platform`), so a team can pass the descriptor it downloaded from its workbench; the packed
 * plugin carries the snapshot of the platform it was packed with (`platform.json`, ADR 0051).
 */
export const platformSnapshotSchema = z.object({
  platformVersion: z.string().optional(),
  sharedModules: z.array(z.object({ specifier: z.string(), package: z.string(), version: z.string().nullable() })).min(1),
  sharedPackages: z.array(z.object({ package: z.string(), version: z.string(), range: z.string() })),
});
export type PlatformSnapshot = z.infer<typeof platformSnapshotSchema>;

export interface Platform {
  /** Bare specifiers the platform serves; the only bare imports a bundle may keep. */
  readonly specifiers: ReadonlySet<string>;
  /** Shared package → version the platform serves. */
  readonly versions: Readonly<Record<string, string>>;
  readonly platformVersion: string | undefined;
}

export function platformOf(snapshot: unknown, origin = 'platform'): Platform {
  const parsed = platformSnapshotSchema.safeParse(snapshot);
  if (!parsed.success) {
    throw new Error(`@wb/vite-plugin: ${origin} is not a platform descriptor (expected sharedModules and sharedPackages as GET /api/registry/platform answers)`);
  }
  return {
    specifiers: new Set(parsed.data.sharedModules.map((m) => m.specifier)),
    versions: Object.fromEntries(parsed.data.sharedPackages.map((p) => [p.package, p.version])),
    platformVersion: parsed.data.platformVersion,
  };
}

export function readPlatformFile(path: string): Platform {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`@wb/vite-plugin: cannot read the platform descriptor ${path}: ${(error as Error).message}`, { cause: error });
  }
  return platformOf(json, path);
}

/** npm package a specifier belongs to: `antd/es/button` → `antd`, `@wb/sdk/react` → `@wb/sdk` (as the registry). */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
}

/** The `shared` range recorded for a version: `^<major>`, or `^0.<minor>` below 1.0.0 (as the registry). */
export function compatibleRange(version: string): string {
  const match = /^(\d+)\.(\d+)\.\d+/.exec(version);
  if (!match) throw new Error(`@wb/vite-plugin: not a semantic version: ${version}`);
  return match[1] === '0' ? `^0.${match[2]}` : `^${match[1]}`;
}

/** Whether `version` satisfies a caret range as compatibleRange writes it (`^19`, `^0.8`, `^19.3.1`). */
export function satisfiesCaret(range: string, version: string): boolean {
  const r = /^\^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  const v = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!r || !v) return false;
  const [rMajor, rMinor, rPatch] = [Number(r[1]), Number(r[2] ?? 0), Number(r[3] ?? 0)];
  const [major, minor, patch] = [Number(v[1]), Number(v[2]), Number(v[3])];
  if (major !== rMajor) return false;
  if (rMajor === 0 && r[2] !== undefined && minor !== rMinor) return false;
  if (minor !== rMinor) return minor > rMinor;
  return patch >= rPatch;
}

/** One emitted JavaScript file as the checks see it. */
export interface EmittedModule {
  fileName: string;
  /** Static and dynamic import specifiers that are not files of the bundle. */
  externalImports: readonly string[];
}

/**
 * The registry's upload check on bare imports (registry/src/publish/module-checks.ts), at build time: each import
 * that is not a file of the bundle must be a module the platform shares. Answers one Chinese message per problem.
 */
export function importProblems(modules: readonly EmittedModule[], platform: Platform, declaredShared: Readonly<Record<string, string>> = {}): string[] {
  const problems: string[] = [];
  for (const module of modules) {
    for (const specifier of module.externalImports) {
      if (platform.specifiers.has(specifier)) continue;
      if (specifier.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) {
        problems.push(`${module.fileName} 引用了应用包之外的模块 ${specifier}：只能引用包内文件（相对路径）或平台共享模块，请把它打包进应用`);
        continue;
      }
      const pkg = packageOf(specifier);
      const declared = declaredShared[pkg] === undefined ? '' : `（shared 声明了 ${pkg}，但平台只共享其部分模块）`;
      problems.push(`${module.fileName} 引用了 ${specifier}，平台不提供该模块${declared}：请把它打包进应用（构建时不要设为 external），平台共享的模块见 GET /api/registry/platform`);
    }
  }
  return problems;
}

export const LIFECYCLES = ['bootstrap', 'mount', 'unmount'] as const;

/** The registry's lifecycle check: the entry exports bootstrap, mount and unmount. */
export function lifecycleProblem(entry: string, exports: readonly string[]): string | undefined {
  const missing = LIFECYCLES.filter((name) => !exports.includes(name));
  return missing.length === 0
    ? undefined
    : `入口文件 ${entry} 没有导出 ${missing.join('、')}：single-spa 应用的入口必须导出 bootstrap、mount 和 unmount`;
}

/**
 * `shared` of the manifest: for each shared package the bundle imports, `^major` of the version the app was built
 * against (`installed`, falling back to the platform's), and what the registry would refuse: a range the
 * platform's version does not satisfy, with what to change.
 */
export function sharedRangesOf(
  specifiers: readonly string[],
  platform: Platform,
  installed: (pkg: string) => string | undefined,
): { shared: Record<string, string>; problems: string[] } {
  const shared: Record<string, string> = {};
  const problems: string[] = [];
  for (const pkg of [...new Set(specifiers.map(packageOf))].sort()) {
    const served = platform.versions[pkg];
    const built = installed(pkg) ?? served;
    if (built === undefined) continue;
    const range = compatibleRange(built);
    shared[pkg] = range;
    if (served !== undefined && !satisfiesCaret(range, served)) {
      problems.push(`应用依赖 ${pkg} ${built}（shared 记为 ${range}），平台提供 ${served}：请安装 ${pkg}@${compatibleRange(served).slice(1)} 后重新构建`);
    }
  }
  return { shared, problems };
}
