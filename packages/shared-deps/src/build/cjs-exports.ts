import { execFileSync } from 'node:child_process';

export interface CjsExportInfo {
  /** Own enumerable keys of `module.exports` that can be ESM export names. */
  readonly names: readonly string[];
  /** The module sets `__esModule` (Babel/TS interop); such modules would need `mod.default` as default. */
  readonly esModule: boolean;
}

/*
 * Runs in a child Node process with NODE_ENV=production: React's CommonJS index picks its production or development
 * file by NODE_ENV, and the two export different names (e.g. `captureOwnerStack` only in development). The child also
 * keeps the build process free of a cached development React.
 */
const PROBE = `
const { createRequire } = require('node:module');
const req = createRequire(process.argv[1] + '/');
const out = {};
for (const s of JSON.parse(process.argv[2])) {
  const m = req(s);
  out[s] = { keys: Object.keys(m), esModule: Boolean(m && m.__esModule) };
}
process.stdout.write(JSON.stringify(out));
`;

const RESERVED = new Set(['default', 'await', 'enum', 'implements', 'interface', 'package', 'private', 'protected', 'public']);

/** True when `name` can be written as `export const { name } = mod`. */
export function isExportableName(name: string): boolean {
  if (!/^[A-Za-z_$][\w$]*$/.test(name) || RESERVED.has(name) || name === '__esModule') return false;
  try {
    // A strict-mode declaration rejects every remaining reserved word (class, let, yield, static, ...).
    new Function(`"use strict"; let ${name};`);
    return true;
  } catch {
    return false;
  }
}

/** Computes the real export names of CommonJS modules, as `require()` sees them in production mode. */
export function readCjsExports(specifiers: readonly string[], resolveFrom: string): Record<string, CjsExportInfo> {
  if (specifiers.length === 0) return {};
  const stdout = execFileSync(process.execPath, ['-e', PROBE, resolveFrom, JSON.stringify(specifiers)], {
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  const raw = JSON.parse(stdout) as Record<string, { keys: string[]; esModule: boolean }>;
  const result: Record<string, CjsExportInfo> = {};
  for (const [specifier, info] of Object.entries(raw)) {
    result[specifier] = { names: info.keys.filter(isExportableName).sort(), esModule: info.esModule };
  }
  return result;
}

/** The ESM wrapper for a CommonJS module: default export plus one named export per key (as esm.sh does). */
export function cjsWrapperSource(specifier: string, info: CjsExportInfo): string {
  if (info.esModule) {
    throw new Error(`@wb/shared-deps: ${specifier} is CommonJS with __esModule; give it an ESM entry instead`);
  }
  const lines = [`import mod from ${JSON.stringify(specifier)};`, 'export default mod;'];
  if (info.names.length > 0) lines.push(`export const { ${info.names.join(', ')} } = mod;`);
  return lines.join('\n') + '\n';
}
