/**
 * The one `If-Match` rule (RFC 9110 §13.1.1; ADR 0026), shared by the servers (`@wb/server-kit`
 * `ifMatchVersion` / `requireIfMatch`) and the mocks, so that both read a header the same way:
 * - absent, empty or `*` → `undefined`: no version sent (`*` matches any existing representation, so it
 *   checks nothing; where a version is required it is refused like an absent one: 428 `WB_ERR_PRECONDITION_REQUIRED`);
 * - one entity tag naming a row version — `"7"` (the ETag the servers send), `W/"7"`, or a bare `7` (what the
 *   SDK sends when given a number) → 7; a different current version → 412 `WB_ERR_PRECONDITION_FAILED`;
 * - anything else (a list, letters, a negative or too long number) → `'malformed'`: 400 `WB_ERR_BAD_REQUEST`
 *   on field `if-match`.
 */
export const IF_MATCH_MALFORMED = 'malformed';

const VERSION_TAG = /^(?:W\/)?"?(\d{1,9})"?$/;

export function parseIfMatch(header: string | readonly string[] | null | undefined): number | undefined | typeof IF_MATCH_MALFORMED {
  const value = (typeof header === 'string' ? header : (header ?? []).join(',')).trim();
  if (value === '' || value === '*') return undefined;
  const match = VERSION_TAG.exec(value);
  return match?.[1] ? Number(match[1]) : IF_MATCH_MALFORMED;
}

/** The ETag of a row version, `"7"`: the one form the servers send, which `parseIfMatch` reads back. */
export function versionTag(version: number): string {
  return `"${version}"`;
}

/** The Chinese messages of the three refusals, the same on server and mocks. */
export const IF_MATCH_MESSAGES = {
  required: '缺少 If-Match 版本号，请刷新后重试',
  malformed: 'If-Match 版本号格式不正确',
  malformedField: '应为版本号，例如 "3"',
} as const;
