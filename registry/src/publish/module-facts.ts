import { init, parse } from 'es-module-lexer';
import type { ModuleFormat } from '@wb/contracts';

/**
 * What the upload checks read from one JavaScript file without running it (issue 11 items 1–2, ADR 0023):
 * its module format, the specifiers it imports and the names it exports. ES modules are read with
 * es-module-lexer; `System.register` modules (SystemJS) with a few patterns over the registration call, as far
 * as bundlers write it (Rollup/Vite, Babel, TypeScript): the dependency array, `_export('name', …)` and
 * `_export({ name: … })` calls, and `_context.import('./x.js')`.
 */
export interface ModuleFacts {
  /** null: neither ES module syntax nor a `System.register` call (a plain script, UMD, CommonJS). */
  format: ModuleFormat | null;
  /** Literal specifiers of static and dynamic imports (ESM) or dependencies and `_context.import` (SystemJS). */
  imports: string[];
  /** Exported names (ESM `export`, SystemJS `_export`). */
  exports: string[];
  /** Modules re-exported as a whole (`export * from './x.js'`): their names count as this module's. */
  reExportsAllFrom: string[];
}

/** es-module-lexer's WebAssembly is compiled once per process; every check awaits it. */
export const lexerReady: Promise<void> = init;

// System.register([deps], function (_export, _context) … — optionally named: System.register('name', [deps], …).
// Matched from where the preamble (comments, whitespace, 'use strict') ends; no backtracking over the preamble.
const SYSTEM_REGISTER =
  /^System\.register\(\s*(?:(["'])[^"'\n]*\1\s*,\s*)?\[([^\]]*)\]\s*,\s*\(?\s*(?:async\s+)?(?:function\b[\w$\s]*)?\(\s*([\w$]+)?\s*(?:,\s*([\w$]+))?/;
const USE_STRICT = /^(["'])use strict\1;?/;
/** Longest preamble looked at: a registration call comes first in the file, after a licence comment at most. */
const MAX_PREAMBLE = 64 * 1024;

/** Index of the first character after leading whitespace, comments and a 'use strict' directive. */
function preambleEnd(source: string): number {
  let i = 0;
  while (i < source.length && i < MAX_PREAMBLE) {
    if (/\s/.test(source[i] ?? '')) i += 1;
    else if (source.startsWith('//', i)) i = nextIndex(source, '\n', i + 2);
    else if (source.startsWith('/*', i)) i = nextIndex(source, '*/', i + 2) + 1;
    else {
      const directive = USE_STRICT.exec(source.slice(i, i + 16));
      if (!directive) return i;
      i += directive[0].length;
    }
  }
  return i;
}

function nextIndex(source: string, token: string, from: number): number {
  const at = source.indexOf(token, from);
  return at < 0 ? source.length : at + 1;
}

const STRING_LITERAL = /(["'])((?:(?!\1)[^\\\n])*)\1/g;
const IDENTIFIER_KEY = /(?:^|,)\s*(?:(["'])([\w$]+)\1|([\w$]+))\s*(?=[:,]|$)/g;

function escapeRegExp(name: string): string {
  return name.replace(/\$/g, '\\$');
}

function stringsIn(list: string): string[] {
  return [...list.matchAll(STRING_LITERAL)].map((m) => m[2] ?? '');
}

/** Names given to `exportFn('name', …)` and `exportFn({ name: …, other })`. */
function systemExports(source: string, exportFn: string): string[] {
  const fn = escapeRegExp(exportFn);
  const names = new Set<string>();
  for (const m of source.matchAll(new RegExp(`(?<![\\w$.])${fn}\\(\\s*(["'])([\\w$]+)\\1`, 'g'))) names.add(m[2] ?? '');
  for (const m of source.matchAll(new RegExp(`(?<![\\w$.])${fn}\\(\\s*\\{([^}]*)\\}`, 'g'))) {
    for (const key of (m[1] ?? '').matchAll(IDENTIFIER_KEY)) names.add(key[2] ?? key[3] ?? '');
  }
  names.delete('');
  return [...names];
}

function systemDynamicImports(source: string, contextParam: string | undefined): string[] {
  if (!contextParam) return [];
  const pattern = new RegExp(`(?<![\\w$.])${escapeRegExp(contextParam)}\\.import\\(\\s*(["'])([^"'\\n]+)\\1`, 'g');
  return [...source.matchAll(pattern)].map((m) => m[2] ?? '');
}

function readSystemRegister(source: string): ModuleFacts | null {
  const match = SYSTEM_REGISTER.exec(source.slice(preambleEnd(source)));
  if (!match) return null;
  const deps = stringsIn(match[2] ?? '');
  const exportFn = match[3];
  return {
    format: 'systemjs',
    imports: [...deps, ...systemDynamicImports(source, match[4])],
    exports: exportFn ? systemExports(source, exportFn) : [],
    reExportsAllFrom: [],
  };
}

function readEsModule(source: string): ModuleFacts {
  const [imports, exports, , hasModuleSyntax] = parse(source);
  const specifiers: string[] = [];
  const reExportsAllFrom: string[] = [];
  for (const entry of imports) {
    if (entry.n === undefined) continue; // import.meta, or import(expression): nothing to check
    specifiers.push(entry.n);
    if (entry.d === -1 && /^export\s*\*\s*from/.test(source.slice(entry.ss, entry.se))) reExportsAllFrom.push(entry.n);
  }
  return {
    format: hasModuleSyntax ? 'esm' : null,
    imports: specifiers,
    exports: exports.map((e) => e.n),
    reExportsAllFrom,
  };
}

/**
 * Reads one JavaScript file. Throws when es-module-lexer cannot parse it (a syntax error); await
 * `lexerReady` first.
 */
export function readModuleFacts(source: string): ModuleFacts {
  return readSystemRegister(source) ?? readEsModule(source);
}
