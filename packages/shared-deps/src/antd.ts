import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * antd's public runtime names and the `antd/es/<dir>` module that default-exports each one, read from the
 * installed antd's own `es/index.js` (`export { default as Button } from './button'`). Reading it instead of
 * kebab-casing names keeps irregular names right (QRCode → qr-code, message → message) and follows antd upgrades.
 */
export interface AntdComponentMap {
  /** Export name → directory under `antd/es`, e.g. `DatePicker` → `date-picker`. */
  readonly byName: ReadonlyMap<string, string>;
  /** Export names of `antd` that no per-component module provides (e.g. `unstableSetRender`). */
  readonly unmappable: readonly string[];
}

const REEXPORT_RE = /^export \{ default as ([A-Za-z_$][\w$]*) \} from '\.\/([a-z0-9-]+)';$/;
const CONST_EXPORT_RE = /^export const ([A-Za-z_$][\w$]*)\b/;

/** Parses the text of antd's `es/index.js`; throws on any export form it does not understand. */
export function parseAntdIndex(source: string): AntdComponentMap {
  const byName = new Map<string, string>();
  const unmappable: string[] = [];
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('export ')) continue;
    const reexport = REEXPORT_RE.exec(line);
    if (reexport) {
      byName.set(reexport[1] as string, reexport[2] as string);
      continue;
    }
    const constant = CONST_EXPORT_RE.exec(line);
    if (constant) {
      unmappable.push(constant[1] as string);
      continue;
    }
    throw new Error(`@wb/shared-deps: unexpected export in antd/es/index.js, update parseAntdIndex: ${line}`);
  }
  if (byName.size === 0) throw new Error('@wb/shared-deps: antd/es/index.js re-exports no component');
  return { byName, unmappable };
}

/** Absolute path of the installed `antd/es` directory. */
export function antdEsDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('antd/es/index.js'));
}

/** Reads the installed antd's component map (call once and keep the result; it reads a file). */
export function readAntdComponentMap(): AntdComponentMap {
  return parseAntdIndex(readFileSync(join(antdEsDir(), 'index.js'), 'utf8'));
}
