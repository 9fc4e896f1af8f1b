import { join } from 'node:path';
import { createIdResolver, esmExternalRequirePlugin, type Plugin } from 'vite';
import { SHARED_SPECIFIERS, WORKSPACE_SHARED_SOURCES, isSharedSpecifier } from '../specifiers.ts';

/** Documented antd paths that point at CommonJS; the ESM twin is the shared module. */
function aliasOf(source: string): string {
  return source.startsWith('antd/locale/') ? `antd/es/locale/${source.slice('antd/locale/'.length)}` : source;
}

/** Why an import must not be bundled (it would put a second antd on the page), or undefined. */
export function refusalOf(source: string): string | undefined {
  if (source === 'antd') {
    return "a whole-package import of 'antd' is left (namespace, default or dynamic import, or require); import components by name: import { Button } from 'antd'";
  }
  if (/^antd\/(lib|dist)(\/|$)/.test(source) || /^@ant-design\/icons\/lib(\/|$)/.test(source)) {
    return `'${source}' is a CommonJS/UMD build and would bundle a second copy of antd; import from 'antd' or '@ant-design/icons'`;
  }
  if (source.startsWith('antd/es/') && !isSharedSpecifier(source)) {
    return `'${source}' is not a shared antd module and would bundle a second copy of antd internals; import components by name from 'antd'`;
  }
  return undefined;
}

/**
 * Externalizes exactly the shared specifiers (they resolve through the page's import map at runtime) and refuses
 * imports that would bundle a second antd. Files of node_modules that reach a shared module through a relative
 * path (an icon file importing `../components/AntdIconLight`) are externalized under that module's specifier too.
 */
export function sharedModulesPlugin(options: { root: string }): Plugin {
  const fileToSpecifier = new Map<string, string>();
  const importer = join(options.root, 'package.json');
  return {
    name: 'wb:shared-modules',
    apply: 'build',
    enforce: 'pre',
    async buildStart() {
      fileToSpecifier.clear();
      // Vite's plain resolver: this.resolve() would answer "external" for these very specifiers.
      const resolveFile = createIdResolver(this.environment.config);
      for (const specifier of SHARED_SPECIFIERS) {
        if (WORKSPACE_SHARED_SOURCES[specifier]) continue;
        const file = await resolveFile(this.environment, specifier, importer);
        if (file) fileToSpecifier.set(file, specifier);
      }
    },
    async resolveId(source, from, resolveOptions) {
      if (source.startsWith('\0')) return null;
      const target = aliasOf(source);
      if (isSharedSpecifier(target)) return { id: target, external: true };
      const refusal = refusalOf(target);
      if (refusal) this.error(`${refusal} (imported by ${from ?? 'the entry'})`);
      const fromDependency = from?.includes('/node_modules/') ?? false;
      if (!fromDependency && target === source) return null;
      const resolved = await this.resolve(target, from, { ...resolveOptions, skipSelf: true });
      const specifier = resolved ? fileToSpecifier.get(resolved.id) : undefined;
      return specifier ? { id: specifier, external: true } : resolved;
    },
  };
}

/** Turns `require('react')` in bundled CommonJS dependencies into imports of the shared module. */
export function sharedRequirePlugin(): Plugin {
  return esmExternalRequirePlugin({ external: [...SHARED_SPECIFIERS] }) as unknown as Plugin;
}
