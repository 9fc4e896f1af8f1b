import MagicString from 'magic-string';

/**
 * Rewrites whole-package imports into per-module ones (ADR 0002), on JavaScript that no longer holds types:
 *   import { Button, Table as T } from 'antd'   →  import Button from 'antd/es/button'; import T from 'antd/es/table';
 *   import { UserOutlined } from '@ant-design/icons'  →  import UserOutlined from '@ant-design/icons/es/icons/UserOutlined';
 * so that a bundle pulls in the shared `antd/es/<dir>` modules it uses instead of all of antd, and bundles only the
 * icons it uses (their runtime stays shared).
 */

/** Where one imported name comes from after the rewrite. */
export interface ModuleTarget {
  readonly source: string;
  /** Export name in `source`: `default` for per-component modules. */
  readonly exportName: string;
}

/** Maps a named import of a package to its target; undefined = cannot be mapped (an error for antd). */
export type NameResolver = (name: string) => ModuleTarget | undefined;

export interface RewriteRule {
  /** Package specifier whose imports are rewritten, e.g. `antd`. */
  readonly source: string;
  readonly resolve: NameResolver;
  /** Keep imports the resolver cannot map (true for icons: they stay on the full module) instead of failing. */
  readonly keepUnmapped: boolean;
  /** Why a default or namespace import is refused; undefined = keep such imports as they are. */
  readonly wholeImportError?: string;
}

// Minimal ESTree shapes (what Rolldown's parser returns) that the rewrite reads.
interface Named {
  type: string;
  name?: string;
  value?: unknown;
}
interface Specifier {
  type: string;
  imported?: Named;
  local?: Named;
  exported?: Named;
  importKind?: string;
  exportKind?: string;
}
interface Statement {
  type: string;
  start: number;
  end: number;
  source?: { value?: unknown } | null;
  specifiers?: Specifier[];
  importKind?: string;
  exportKind?: string;
}
export interface ProgramLike {
  body: readonly unknown[];
}

export class ImportRewriteError extends Error {
  override readonly name = 'ImportRewriteError';
}

function nameOf(node: Named | undefined): string {
  if (!node) return '';
  return typeof node.name === 'string' ? node.name : String(node.value);
}

function target(rule: RewriteRule, name: string): ModuleTarget | undefined {
  const found = rule.resolve(name);
  if (found || rule.keepUnmapped) return found;
  if (name === 'default' && rule.wholeImportError) throw new ImportRewriteError(rule.wholeImportError);
  throw new ImportRewriteError(
    `'${name}' is not a component of '${rule.source}' that the workbench shares per component; ` +
      `import only its public components by name (e.g. import { Button } from '${rule.source}')`,
  );
}

function importLine(t: ModuleTarget, local: string): string {
  const source = JSON.stringify(t.source);
  if (t.exportName === 'default') return `import ${local} from ${source};`;
  return `import { ${t.exportName === local ? local : `${t.exportName} as ${local}`} } from ${source};`;
}

function exportLine(t: ModuleTarget, exported: string): string {
  return `export { ${t.exportName === exported ? exported : `${t.exportName} as ${exported}`} } from ${JSON.stringify(t.source)};`;
}

/** Name a specifier takes from the package (`default` for a default import), and the binding it creates. */
function importedAndBound(s: Specifier): { imported: string; bound: string } {
  if (s.type === 'ImportDefaultSpecifier') return { imported: 'default', bound: nameOf(s.local) };
  if (s.type === 'ImportSpecifier') return { imported: nameOf(s.imported), bound: nameOf(s.local) };
  return { imported: nameOf(s.local), bound: nameOf(s.exported) }; // ExportSpecifier
}

/** New text for one import/export statement, or undefined to leave it alone. */
function rewriteStatement(stmt: Statement, rule: RewriteRule): string | undefined {
  if (stmt.type === 'ExportAllDeclaration') throw new ImportRewriteError(`export * from '${rule.source}' is not supported`);
  if (stmt.importKind === 'type' || stmt.exportKind === 'type') return undefined;
  const specifiers = (stmt.specifiers ?? []).filter((s) => s.importKind !== 'type' && s.exportKind !== 'type');
  if (specifiers.length === 0 || specifiers.some((s) => s.type === 'ImportNamespaceSpecifier')) {
    // `import 'antd'` or `import * as antd from 'antd'`: nothing to map name by name.
    if (rule.wholeImportError) throw new ImportRewriteError(rule.wholeImportError);
    return undefined;
  }
  const isImport = stmt.type === 'ImportDeclaration';
  const kept: string[] = [];
  const lines: string[] = [];
  for (const s of specifiers) {
    const { imported, bound } = importedAndBound(s);
    const t = target(rule, imported);
    if (!t) kept.push(`${imported} as ${bound}`);
    else lines.push(isImport ? importLine(t, bound) : exportLine(t, bound));
  }
  if (lines.length === 0) return undefined;
  if (kept.length > 0) lines.push(`${isImport ? 'import' : 'export'} { ${kept.join(', ')} } from ${JSON.stringify(rule.source)};`);
  return lines.join(' ');
}

export interface RewriteResult {
  readonly code: string;
  readonly map: ReturnType<MagicString['generateMap']>;
}

/**
 * Applies the rules to a parsed module. Returns null when nothing changed; throws ImportRewriteError (message
 * without file name) on an import it must refuse.
 */
export function rewriteImports(
  code: string,
  program: ProgramLike,
  rules: readonly RewriteRule[],
  fileName: string,
): RewriteResult | null {
  const bySource = new Map(rules.map((r) => [r.source, r]));
  let edited: MagicString | undefined;
  for (const node of program.body as Statement[]) {
    if (!/^(ImportDeclaration|ExportNamedDeclaration|ExportAllDeclaration)$/.test(node.type)) continue;
    const rule = typeof node.source?.value === 'string' ? bySource.get(node.source.value) : undefined;
    if (!rule) continue;
    const replacement = rewriteStatement(node, rule);
    if (replacement === undefined) continue;
    edited ??= new MagicString(code);
    edited.overwrite(node.start, node.end, replacement);
  }
  if (!edited) return null;
  return { code: edited.toString(), map: edited.generateMap({ hires: 'boundary', source: fileName, includeContent: true }) };
}
