/**
 * Whether a new version of a part's props contract still accepts everything consumers could send under the
 * old one (ADR 0030). Both are JSON Schemas (manifest `exposes[].props`); the comparison is structural and
 * conservative: anything it cannot prove to be a widening is reported. Each finding is a Chinese sentence that
 * names the property path.
 */
type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
const asSchema = (value: unknown): Schema => (isSchema(value) ? value : {});
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** `type` as a set; `null` = any type (no `type` keyword). */
function typesOf(s: Schema): Set<string> | null {
  const t = s['type'];
  if (typeof t === 'string') return new Set([t]);
  if (Array.isArray(t)) return new Set(t.filter((x): x is string => typeof x === 'string'));
  return null;
}

/** Allowed values (`enum` or `const`); `null` = not restricted. */
function valuesOf(s: Schema): unknown[] | null {
  if ('const' in s) return [s['const']];
  return Array.isArray(s['enum']) ? s['enum'] : null;
}

const label = (path: string): string => (path === '' ? '参数' : `属性 ${path}`);

function compareTypes(old: Schema, next: Schema, path: string, out: string[]): void {
  const before = typesOf(old);
  const after = typesOf(next);
  if (!after) return;
  const covered = (t: string): boolean => after.has(t) || (t === 'integer' && after.has('number'));
  if (!before) out.push(`${label(path)} 的类型收窄为 ${[...after].join('/')}`);
  else {
    const lost = [...before].filter((t) => !covered(t));
    if (lost.length > 0) out.push(`${label(path)} 不再接受类型 ${lost.join('/')}`);
  }
}

function compareValues(old: Schema, next: Schema, path: string, out: string[]): void {
  const after = valuesOf(next);
  if (!after) return;
  const before = valuesOf(old);
  if (!before) return void out.push(`${label(path)} 新增了取值范围限制`);
  const lost = before.filter((v) => !after.some((w) => same(v, w)));
  if (lost.length > 0) out.push(`${label(path)} 不再接受取值 ${lost.map((v) => JSON.stringify(v)).join('、')}`);
}

/** Lower bounds may only fall, upper bounds only rise; a new or changed pattern/format/multipleOf narrows. */
function compareBounds(old: Schema, next: Schema, path: string, out: string[]): void {
  const lower = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'];
  const upper = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'];
  for (const key of lower) {
    const a = num(old[key]);
    const b = num(next[key]);
    if (b !== undefined && (a === undefined || b > a)) out.push(`${label(path)} 的 ${key} 提高为 ${b}`);
  }
  for (const key of upper) {
    const a = num(old[key]);
    const b = num(next[key]);
    if (b !== undefined && (a === undefined || b < a)) out.push(`${label(path)} 的 ${key} 降低为 ${b}`);
  }
  for (const key of ['pattern', 'format', 'multipleOf']) {
    if (next[key] !== undefined && !same(old[key], next[key])) out.push(`${label(path)} 的 ${key} 改为 ${JSON.stringify(next[key])}`);
  }
}

function compareObject(old: Schema, next: Schema, path: string, out: string[]): void {
  const before = asSchema(old['properties']);
  const after = asSchema(next['properties']);
  const prefix = path === '' ? '' : `${path}.`;
  for (const key of Object.keys(before)) {
    if (!(key in after)) out.push(`删除了属性 ${prefix}${key}（使用方可能仍在传递）`);
    else compareSchema(asSchema(before[key]), asSchema(after[key]), `${prefix}${key}`, out);
  }
  const required = new Set(Array.isArray(old['required']) ? old['required'] : []);
  for (const key of Array.isArray(next['required']) ? next['required'] : []) {
    if (!required.has(key)) out.push(`新增必填属性 ${prefix}${String(key)}`);
  }
  if (next['additionalProperties'] === false && old['additionalProperties'] !== false) {
    out.push(`${label(path)} 不再接受未声明的属性`);
  }
}

function compareSchema(old: Schema, next: Schema, path: string, out: string[]): void {
  // Combinators are not reasoned about: any change to them counts as a possible narrowing.
  for (const key of ['anyOf', 'oneOf', 'allOf', 'not', '$ref']) {
    if (!same(old[key], next[key])) out.push(`${label(path)} 的 ${key} 已改变，无法确认兼容`);
  }
  compareTypes(old, next, path, out);
  compareValues(old, next, path, out);
  compareBounds(old, next, path, out);
  if (isSchema(old['properties']) || isSchema(next['properties']) || next['required'] !== undefined) compareObject(old, next, path, out);
  if (next['items'] !== undefined) compareSchema(asSchema(old['items']), asSchema(next['items']), `${path}[]`, out);
}

/** What in `next` could refuse props that `old` accepted; empty when `next` is compatible. */
export function propsContractBreaks(old: unknown, next: unknown): string[] {
  const out: string[] = [];
  compareSchema(asSchema(old), asSchema(next), '', out);
  return out;
}
