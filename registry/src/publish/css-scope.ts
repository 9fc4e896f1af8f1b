/**
 * Style isolation for a micro-app's stylesheets (issue 11 item 4, ADR 0041): with the manifest's
 * `styles.scope: "app"` every selector of every `.css` file is rewritten at upload to apply only under the app's
 * root element, the way qiankun's scoped CSS does it:
 *
 * - `.card` → `[data-wb-app="x"] .card`; `*` → `[data-wb-app="x"] *`;
 * - `html`, `body` and `:root` at the start of a selector become the root itself (`body { line-height: 2 }` →
 *   `[data-wb-app="x"] { line-height: 2 }`; `html body .a` → `[data-wb-app="x"] .a`);
 * - inside `@media`, `@supports`, `@container`, `@layer` and `@scope` blocks the same, recursively;
 * - `@keyframes`, `@font-face`, `@page`, `@property`, `@counter-style`, `@font-feature-values` and statement
 *   at-rules (`@import`, `@charset`, `@layer a, b;`) are kept as written; the body of a style rule too (nested
 *   rules are relative to their parent, which is scoped).
 *
 * A small tokenizer, not a full CSS parser: it only needs to find where preludes and blocks start and end,
 * respecting strings, comments, escapes and nested brackets. It never runs anything and returns the input
 * unchanged apart from the preludes of style rules. The report tells the upload whether a stylesheet had global
 * selectors (`CSS_GLOBAL` warning for unscoped ones).
 */

/** The attribute the shell puts on an app's container element while the app's styles are in the page. */
export const APP_SCOPE_ATTRIBUTE = 'data-wb-app';

export function scopeSelectorOf(appId: string): string {
  return `[${APP_SCOPE_ATTRIBUTE}="${appId}"]`;
}

const RECURSE_AT_RULES = new Set(['media', 'supports', 'container', 'layer', 'scope', 'document', '-moz-document', 'starting-style']);
const ROOT_TYPE = /^(?:html|body|:root)(?![\w-])/i;
const GLOBAL_SELECTOR = /^(?:html|body|:root|\*)(?![\w-])/i;

interface Cursor {
  src: string;
  i: number;
}

/** Skips a comment or string starting at `c.i`; returns true when it did. */
function skipAtom(c: Cursor): boolean {
  const { src } = c;
  const ch = src[c.i];
  if (ch === '/' && src[c.i + 1] === '*') {
    const end = src.indexOf('*/', c.i + 2);
    c.i = end < 0 ? src.length : end + 2;
    return true;
  }
  if (ch === '"' || ch === "'") {
    c.i += 1;
    while (c.i < src.length && src[c.i] !== ch && src[c.i] !== '\n') c.i += src[c.i] === '\\' ? 2 : 1;
    c.i += 1;
    return true;
  }
  if (ch === '\\') {
    c.i += 2;
    return true;
  }
  return false;
}

/** Reads up to (not including) the next top-level `{`, `;` or `}`. */
function readPrelude(c: Cursor): string {
  const start = c.i;
  let depth = 0;
  while (c.i < c.src.length) {
    if (skipAtom(c)) continue;
    const ch = c.src[c.i];
    if (ch === '(' || ch === '[') depth += 1;
    else if ((ch === ')' || ch === ']') && depth > 0) depth -= 1;
    else if (depth === 0 && (ch === '{' || ch === ';' || ch === '}')) break;
    c.i += 1;
  }
  return c.src.slice(start, c.i);
}

/** From just after a `{` to just after its matching `}`; returns the inner text. */
function readBlock(c: Cursor): string {
  const start = c.i;
  let depth = 1;
  while (c.i < c.src.length) {
    if (skipAtom(c)) continue;
    const ch = c.src[c.i];
    c.i += 1;
    if (ch === '{') depth += 1;
    else if (ch === '}' && --depth === 0) return c.src.slice(start, c.i - 1);
  }
  return c.src.slice(start);
}

/** Splits a selector list at its top-level commas. */
export function splitSelectorList(list: string): string[] {
  const out: string[] = [];
  const c: Cursor = { src: list, i: 0 };
  let start = 0;
  let depth = 0;
  while (c.i < list.length) {
    if (skipAtom(c)) continue;
    const ch = list[c.i];
    if (ch === '(' || ch === '[') depth += 1;
    else if ((ch === ')' || ch === ']') && depth > 0) depth -= 1;
    else if (ch === ',' && depth === 0) {
      out.push(list.slice(start, c.i));
      start = c.i + 1;
    }
    c.i += 1;
  }
  out.push(list.slice(start));
  return out;
}

/** One selector under the scope: leading `html`/`body`/`:root` compounds become the scope element. */
export function scopeSelector(selector: string, scope: string): string {
  const lead = /^\s*/.exec(selector)?.[0] ?? '';
  let rest = selector.slice(lead.length).trimEnd();
  if (rest === '') return selector;
  let rooted = false;
  for (;;) {
    const m = ROOT_TYPE.exec(rest);
    if (!m) break;
    rooted = true;
    rest = rest.slice(m[0].length);
    // `html body` / `html > body`: drop the combinator between two root compounds.
    const next = /^\s*>?\s*/.exec(rest)?.[0] ?? '';
    if (ROOT_TYPE.test(rest.slice(next.length))) rest = rest.slice(next.length);
  }
  if (!rooted) return `${lead}${scope} ${rest}`;
  return `${lead}${scope}${rest}`;
}

export interface ScopeResult {
  css: string;
  /** Whether any style rule selected `html`, `body`, `:root` or `*` (before scoping). */
  hadGlobalSelectors: boolean;
}

function rewriteRules(src: string, scope: string | null, report: { global: boolean }): string {
  const c: Cursor = { src, i: 0 };
  let out = '';
  while (c.i < src.length) {
    const prelude = readPrelude(c);
    const ch = src[c.i];
    if (ch !== '{') {
      // A statement (`@import …;`), a stray `}` or the end: copied as is.
      out += prelude + (ch ?? '');
      c.i += ch === undefined ? 0 : 1;
      continue;
    }
    c.i += 1;
    const body = readBlock(c);
    const trimmed = prelude.trimStart();
    if (trimmed.startsWith('@')) {
      const name = /^@([\w-]+)/.exec(trimmed)?.[1]?.toLowerCase() ?? '';
      const inner = RECURSE_AT_RULES.has(name) ? rewriteRules(body, scope, report) : body;
      out += `${prelude}{${inner}}`;
      continue;
    }
    const selectors = splitSelectorList(withoutComments(prelude));
    if (selectors.some((s) => GLOBAL_SELECTOR.test(s.trim()))) report.global = true;
    const head = scope === null ? prelude : `${selectors.map((s) => scopeSelector(s, scope)).join(',')}`;
    out += `${head}{${body}}`;
  }
  return out;
}

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '');
}

/** Rewrites a stylesheet under `scope` (a selector), or only inspects it when `scope` is null. */
export function scopeStylesheet(css: string, scope: string | null): ScopeResult {
  const report = { global: false };
  const rewritten = rewriteRules(css, scope, report);
  return { css: scope === null ? css : rewritten, hadGlobalSelectors: report.global };
}
