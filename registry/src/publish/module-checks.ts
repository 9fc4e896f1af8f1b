import { posix } from 'node:path';
import { ErrorCode } from '@wb/contracts';
import type { Manifest, ModuleFormat } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { BundleFiles } from './bundle.ts';
import { lexerReady, readModuleFacts } from './module-facts.ts';
import type { ModuleFacts } from './module-facts.ts';

/**
 * Upload checks on the bundle's JavaScript, read without running it (issue 11 items 1–2, ADR 0023):
 * - the entry is an ES module or a `System.register` module; anything else is refused naming both formats;
 * - the entry exports `bootstrap`, `mount` and `unmount` (single-spa's lifecycles);
 * - every import of every `.js`/`.mjs` file is a file of the bundle (relative), or a module the platform
 *   shares (a key of its import map); anything else — an unshared package, a URL, an absolute path — would
 *   fail in every user's browser, so it is refused with its name and the advice to bundle it.
 */

export const LIFECYCLES = ['bootstrap', 'mount', 'unmount'] as const;

/**
 * Formats the shell runs: ES modules natively, `System.register` modules through SystemJS, which the shell
 * loads on demand (issue 11 item 1, ADR 0040). A format outside this set could be stored but never approved.
 */
export const RUNNABLE_FORMATS: ReadonlySet<ModuleFormat> = new Set(['esm', 'systemjs']);

export function notRunnable(format: ModuleFormat): AppError {
  return new AppError(
    409,
    ErrorCode.Conflict,
    `${format} 格式的应用不能在工作台运行：请改为 ES 模块格式构建（Vite/Rollup 的 format: "es"）后上传新版本`,
    { format },
  );
}

export interface ModuleCheckResult {
  format: ModuleFormat;
  /** Packages of shared modules the bundle imports (`antd/es/button` → `antd`), sorted. */
  sharedPackagesUsed: string[];
}

const JS_FILE = /\.m?js$/;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:/i;
const MAX_RE_EXPORT_DEPTH = 8;

function refuse(message: string, fields: Record<string, string>): AppError {
  return new AppError(400, ErrorCode.BadRequest, message, fields);
}

/** npm package a specifier belongs to: `antd/es/button` → `antd`, `@wb/sdk/react` → `@wb/sdk` (as in shared-deps). */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
}

function readAll(files: BundleFiles): Map<string, ModuleFacts> {
  const facts = new Map<string, ModuleFacts>();
  const decoder = new TextDecoder();
  for (const [path, bytes] of files) {
    if (!JS_FILE.test(path)) continue;
    try {
      facts.set(path, readModuleFacts(decoder.decode(bytes)));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw refuse(`无法解析 ${path}：${reason}。请上传构建工具输出的 JavaScript 模块`, { [path]: '无法解析' });
    }
  }
  return facts;
}

/** `./x.js` from `chunks/a.js` → `chunks/x.js`; null when it leaves the bundle. */
function resolveRelative(from: string, specifier: string): string | null {
  const resolved = posix.normalize(posix.join(posix.dirname(from), specifier));
  return resolved.startsWith('../') || resolved === '..' ? null : resolved;
}

function checkImport(file: string, specifier: string, files: BundleFiles, provided: ReadonlySet<string>, manifest: Manifest): void {
  const field = { imports: specifier };
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    const target = resolveRelative(file, specifier);
    if (target === null || !files.has(target)) throw refuse(`${file} 引用的 ${specifier} 不在应用包中，请把它一起上传`, field);
    return;
  }
  if (specifier.startsWith('/') || URL_LIKE.test(specifier)) {
    throw refuse(`${file} 引用了应用包之外的模块 ${specifier}：只能引用包内文件（相对路径）或平台共享模块，请把它打包进应用`, field);
  }
  if (provided.has(specifier)) return;
  const pkg = packageOf(specifier);
  const declared = manifest.shared[pkg] === undefined ? '' : `（shared 声明了 ${pkg}，但平台只共享其部分模块）`;
  throw refuse(
    `${file} 引用了 ${specifier}，平台不提供该模块${declared}：请把它打包进应用（构建时不要设为 external），` +
      '平台共享的模块见 GET /api/registry/platform',
    field,
  );
}

/** Exported names of `path`, with those of modules it re-exports as a whole (`export * from`). */
function exportedNames(path: string, facts: ReadonlyMap<string, ModuleFacts>, depth = 0): Set<string> {
  const own = facts.get(path);
  const names = new Set(own?.exports ?? []);
  if (!own || depth >= MAX_RE_EXPORT_DEPTH) return names;
  for (const specifier of own.reExportsAllFrom) {
    const target = resolveRelative(path, specifier);
    if (target) for (const name of exportedNames(target, facts, depth + 1)) names.add(name);
  }
  return names;
}

function checkEntryModule(entry: string, facts: ReadonlyMap<string, ModuleFacts>): ModuleFormat {
  const format = facts.get(entry)?.format ?? null;
  if (format === null) {
    throw refuse(
      `入口文件 ${entry} 不是可识别的模块格式：只接受 ES 模块（import/export）或 SystemJS 模块（System.register），不接受 UMD、IIFE 或 CommonJS`,
      { entry: '模块格式不受支持' },
    );
  }
  const names = exportedNames(entry, facts);
  const missing = LIFECYCLES.filter((name) => !names.has(name));
  if (missing.length > 0) {
    throw refuse(`入口文件 ${entry} 没有导出 ${missing.join('、')}：single-spa 应用的入口必须导出 bootstrap、mount 和 unmount`, {
      entry: `缺少导出 ${missing.join('、')}`,
    });
  }
  return format;
}

/**
 * Runs the checks above; `provided` are the platform's shared specifiers (the keys of its import map).
 * The entry file exists (checked before).
 */
export async function checkModules(manifest: Manifest, files: BundleFiles, provided: ReadonlySet<string>): Promise<ModuleCheckResult> {
  await lexerReady;
  const facts = readAll(files);
  const format = checkEntryModule(manifest.entry, facts);
  const used = new Set<string>();
  for (const [file, { imports }] of facts) {
    for (const specifier of imports) {
      checkImport(file, specifier, files, provided, manifest);
      if (provided.has(specifier)) used.add(packageOf(specifier));
    }
  }
  return { format, sharedPackagesUsed: [...used].sort() };
}
