import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { cjsWrapperSource, readCjsExports } from './cjs-exports.ts';

/** Prefix of the input ids of the shared build: `wb-shared-entry:react`. */
export const ENTRY_PREFIX = 'wb-shared-entry:';
const CJS_PREFIX = '\0wb-shared-cjs:';

export interface EntryPluginOptions {
  /** Repository root: module resolution and workspace sources are relative to it. */
  readonly root: string;
  /** Workspace specifier → source file relative to root (built from source, never from node_modules). */
  readonly workspaceSources: Readonly<Record<string, string>>;
}

interface ParsedProgram {
  body: ReadonlyArray<{ type: string }>;
}

/** True when the file is CommonJS/UMD: no top-level import/export statement. */
export function looksLikeCommonJs(program: ParsedProgram): boolean {
  return !program.body.some((node) => /^(Import|Export)/.test(node.type));
}

/**
 * Resolves the `wb-shared-entry:<specifier>` inputs: ESM packages enter as their own file (so the entry chunk keeps
 * its exact export signature), CommonJS packages enter through a generated wrapper with real named exports, and
 * workspace packages from their TypeScript source.
 */
export function sharedEntryPlugin(options: EntryPluginOptions): Plugin {
  return {
    name: 'wb:shared-entries',
    enforce: 'pre',
    async resolveId(source, _importer, resolveOptions) {
      if (source.startsWith(CJS_PREFIX)) return source;
      if (!source.startsWith(ENTRY_PREFIX)) return null;
      const specifier = source.slice(ENTRY_PREFIX.length);
      const workspaceFile = options.workspaceSources[specifier];
      if (workspaceFile) return resolve(options.root, workspaceFile);
      const resolved = await this.resolve(specifier, resolve(options.root, 'package.json'), {
        ...resolveOptions,
        skipSelf: true,
      });
      if (!resolved || resolved.external || !isAbsolute(resolved.id)) {
        this.error(`@wb/shared-deps: cannot resolve shared specifier ${specifier}; is it installed?`);
      }
      const program = this.parse(readFileSync(resolved.id, 'utf8')) as unknown as ParsedProgram;
      return looksLikeCommonJs(program) ? CJS_PREFIX + specifier : resolved.id;
    },
    load(id) {
      if (!id.startsWith(CJS_PREFIX)) return null;
      const specifier = id.slice(CJS_PREFIX.length);
      const info = readCjsExports([specifier], options.root)[specifier];
      if (!info) this.error(`@wb/shared-deps: could not read the exports of ${specifier}`);
      return { code: cjsWrapperSource(specifier, info), moduleType: 'js' };
    },
  };
}
