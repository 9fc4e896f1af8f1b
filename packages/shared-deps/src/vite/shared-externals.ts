import { join } from 'node:path';
import { createIdResolver, type Plugin } from 'vite';

/**
 * The one implementation of "leave exactly the platform's shared modules external" (ADR 0002, ADR 0062), used by the
 * monorepo's Vite factory (`sharedModulesPlugin`, the shared list of this checkout) and by `@wb/vite-plugin` (the
 * platform descriptor's list, for teams outside this repository). It imports nothing that reads this checkout at load
 * time, so the packed plugin can bundle it.
 */
export interface SharedExternalsOptions {
  /** Project root (or how to read it at build start): bare specifiers are resolved from its package.json. */
  root: string | (() => string);
  /** The shared specifiers (import-map keys); read at build start, so a caller may load them lazily. */
  shared: () => ReadonlySet<string>;
  /** Shared specifiers not installed as packages (built from workspace sources): no file to map back. */
  skipFileMapping?: (specifier: string) => boolean;
}

/** Documented antd paths that point at CommonJS; the ESM twin is the shared module. */
export function aliasOf(source: string): string {
  return source.startsWith('antd/locale/') ? `antd/es/locale/${source.slice('antd/locale/'.length)}` : source;
}

/** Why an import must not be bundled (it would put a second antd on the page), or undefined. */
export function refusalOf(source: string, isShared: (specifier: string) => boolean): string | undefined {
  if (source === 'antd') {
    return "a whole-package import of 'antd' is left (namespace, default or dynamic import, or require); import components by name: import { Button } from 'antd'";
  }
  if (/^antd\/(lib|dist)(\/|$)/.test(source) || /^@ant-design\/icons\/lib(\/|$)/.test(source)) {
    return `'${source}' is a CommonJS/UMD build and would bundle a second copy of antd; import from 'antd' or '@ant-design/icons'`;
  }
  if (source.startsWith('antd/es/') && !isShared(source)) {
    return `'${source}' is not a shared antd module and would bundle a second copy of antd internals; import components by name from 'antd'`;
  }
  return undefined;
}

/**
 * Externalizes exactly the shared specifiers (they resolve through the page's import map at runtime) and refuses
 * imports that would bundle a second antd. Files of node_modules that reach a shared module through a relative
 * path (an icon file importing `../components/AntdIconLight`) are externalized under that module's specifier too.
 */
export function sharedExternalsPlugin(options: SharedExternalsOptions): Plugin {
  const fileToSpecifier = new Map<string, string>();
  const skip = options.skipFileMapping ?? (() => false);
  const isShared = (specifier: string): boolean => options.shared().has(specifier);
  return {
    name: 'wb:shared-modules',
    apply: 'build',
    enforce: 'pre',
    async buildStart() {
      fileToSpecifier.clear();
      // Vite's plain resolver: this.resolve() would answer "external" for these very specifiers.
      const resolveFile = createIdResolver(this.environment.config);
      const importer = join(typeof options.root === 'string' ? options.root : options.root(), 'package.json');
      for (const specifier of options.shared()) {
        if (skip(specifier)) continue;
        const file = await resolveFile(this.environment, specifier, importer).catch(() => undefined);
        if (file) fileToSpecifier.set(file, specifier);
      }
    },
    async resolveId(source, from, resolveOptions) {
      if (source.startsWith('\0')) return null;
      const target = aliasOf(source);
      if (isShared(target)) return { id: target, external: true };
      const refusal = refusalOf(target, isShared);
      if (refusal) this.error(`${refusal} (imported by ${from ?? 'the entry'})`);
      const fromDependency = from?.includes('/node_modules/') ?? false;
      if (!fromDependency && target === source) return null;
      const resolved = await this.resolve(target, from, { ...resolveOptions, skipSelf: true });
      const specifier = resolved ? fileToSpecifier.get(resolved.id) : undefined;
      return specifier ? { id: specifier, external: true } : resolved;
    },
  };
}
