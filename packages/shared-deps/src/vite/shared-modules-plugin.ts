import { esmExternalRequirePlugin, type Plugin } from 'vite';
import { SHARED_SPECIFIERS, WORKSPACE_SHARED_SOURCES, isSharedSpecifier } from '../specifiers.ts';
import { refusalOf as refusalAgainst, sharedExternalsPlugin } from './shared-externals.ts';

const SHARED_SET: ReadonlySet<string> = new Set(SHARED_SPECIFIERS);

/** Why an import must not be bundled in this repository's builds (it would put a second antd on the page), or undefined. */
export function refusalOf(source: string): string | undefined {
  return refusalAgainst(source, isSharedSpecifier);
}

/** The factory's shared externals: exactly this checkout's shared specifiers (shared-externals.ts does the work). */
export function sharedModulesPlugin(options: { root: string }): Plugin {
  return sharedExternalsPlugin({ root: options.root, shared: () => SHARED_SET, skipFileMapping: (specifier) => specifier in WORKSPACE_SHARED_SOURCES });
}

/** Turns `require('react')` in bundled CommonJS dependencies into imports of the shared module. */
export function sharedRequirePlugin(): Plugin {
  return esmExternalRequirePlugin({ external: [...SHARED_SPECIFIERS] }) as unknown as Plugin;
}
