import { z } from 'zod';

/**
 * Input hygiene (docs/quality.md S16, docs/adr/0019-input-hygiene.md): the string and number primitives every
 * request, query and path schema is built from, so that browser forms and the server refuse the same input
 * with the same Chinese message.
 *
 * - U+0000 cannot be stored in a PostgreSQL text or jsonb value (the server answered 500), and a lone
 *   surrogate is not Unicode at all (PostgreSQL answered 500 or stored U+FFFD). No string may hold either.
 * - Other C0 controls and DEL have no business in a name, a code or a search: single-line strings refuse
 *   them all; free text (`multiline`) allows tab, line feed and carriage return.
 * - Numbers from a URL are decimal digits within a stated range (`1e30`, `1.5` and `99999999999` are refused
 *   before they reach an int4 column).
 */

export const DISALLOWED_CHARS_MESSAGE = '包含不允许的字符';

/** How strict a string is: `line` refuses every control character, `multiline` allows tab and line breaks, `storable` only what no database can hold. */
export type TextKind = 'line' | 'multiline' | 'storable';

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one (not well-formed UTF-16).
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const DISALLOWED: Record<TextKind, RegExp> = {
  line: new RegExp(`[\\u0000-\\u001F\\u007F]|${LONE_SURROGATE}`),
  multiline: new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]|${LONE_SURROGATE}`),
  storable: new RegExp(`\\u0000|${LONE_SURROGATE}`),
};

/** True when `value` holds a character that strings of `kind` refuse. */
export function hasDisallowedChars(value: string, kind: TextKind = 'line'): boolean {
  return DISALLOWED[kind].test(value);
}

export interface TextOptions {
  /** Free text (意见, 方案, XML): tab and line breaks allowed. Default false. */
  multiline?: boolean;
  /** Message when the value is not a string at all (e.g. `请填写户名`); default zod's own. */
  error?: string;
  /** Field name put before the message: `户名包含不允许的字符`. */
  label?: string;
}

/**
 * A string without NUL, lone surrogates and (unless `multiline`) control characters. Chain the usual
 * checks after it (`text().trim().min(1).max(64)`): the character check runs first, so its message wins.
 */
export function text(options: TextOptions = {}): z.ZodString {
  const kind: TextKind = options.multiline ? 'multiline' : 'line';
  const message = `${options.label ?? ''}${DISALLOWED_CHARS_MESSAGE}`;
  return (options.error ? z.string(options.error) : z.string()).refine((v) => !hasDisallowedChars(v, kind), message);
}

/**
 * `value` with every character strings of `kind` refuse replaced by U+FFFD, for text the client did not type
 * and must still send (an error report's message and stack).
 */
export function cleanText(value: string, kind: TextKind = 'line'): string {
  return value.replace(new RegExp(DISALLOWED[kind].source, 'g'), '\uFFFD');
}

/** Where in a JSON value the first disallowed string (or key) is, as a path; null when there is none. */
export function findDisallowedChars(value: unknown, kind: TextKind = 'multiline', path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return hasDisallowedChars(value, kind) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findDisallowedChars(item, kind, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (hasDisallowedChars(key, kind)) return [...path, key];
      const found = findDisallowedChars(item, kind, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Free-form JSON carried as is (workflow variables, a step's form data): every key and string inside,
 * at any depth, is free text (tab and line breaks allowed), and numbers are finite.
 */
export function jsonRecord(): z.ZodRecord<z.ZodString, z.ZodUnknown> {
  return z.record(text().max(128), z.unknown()).superRefine((record, ctx) => {
    const path = findDisallowedChars(record);
    if (path) ctx.addIssue({ code: 'custom', path, message: DISALLOWED_CHARS_MESSAGE });
  });
}

/** The largest int4: ids, versions and counts that reach an `integer` column stay below it. */
export const MAX_INT4 = 2_147_483_647;

/**
 * A whole number from a URL (query or path), or a number from code: decimal digits only (no sign, exponent,
 * fraction or hex), within [min, max]. `.default(n)` for optional ones. The message names `label` and the
 * range; `messages` replaces it for a value below `min` or above `max` (e.g. `每页最多 100 条`).
 */
export function intParam(min: number, max: number, label = '数值', messages: { min?: string; max?: string } = {}) {
  const message = `${label}应为 ${min} 到 ${max} 之间的整数`;
  return z.coerce
    .string()
    .regex(/^\d{1,10}$/, message)
    .transform(Number)
    .pipe(z.number().int(message).min(min, messages.min ?? message).max(max, messages.max ?? message));
}
