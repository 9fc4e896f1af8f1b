import { z } from 'zod';

/**
 * Shell paths a manifest claims (`routes`, menu `path`s). The shell activates an app on its routes and the
 * browser normalises a URL before it is matched, so `/app/a/../system-admin` would claim another app's
 * path (issue 9 item 6). Only canonical paths are accepted: plain characters (no percent-encoding, no
 * backslash, no query or fragment), no `.` or `..` segment, no empty segment, no trailing slash.
 */

/** Unreserved URL characters and `/`: nothing a browser or server would decode or rewrite. */
const PLAIN_PATH = /^[A-Za-z0-9._~/-]+$/;
const MAX_PATH_LENGTH = 200;

/** Resolves `.` and `..` segments and drops empty ones, as a browser resolves a URL path. */
export function normaliseAppPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/** Why `path` is not a canonical absolute shell path under `/app/`, or null when it is. */
export function appPathProblem(path: string): string | null {
  if (path.length > MAX_PATH_LENGTH) return `路径不能超过 ${MAX_PATH_LENGTH} 个字符`;
  if (!PLAIN_PATH.test(path)) {
    return `路径 ${path} 含有不允许的字符：只能使用字母、数字和 - . _ ~ /，不允许编码字符（%）、反斜杠、空格、? 或 #`;
  }
  const canonical = normaliseAppPath(path);
  if (canonical !== path) {
    return `路径 ${path} 不是规范路径（不允许 . 或 .. 段、// 或结尾的 /），规范写法为 ${canonical}`;
  }
  if (!path.startsWith('/app/')) return `路径 ${path} 必须以 /app/ 开头`;
  return null;
}

/** A canonical absolute shell path under `/app/` (see `appPathProblem`). */
export const appPathSchema = z.string().superRefine((path, ctx) => {
  const problem = appPathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Whether `path` is canonical and is the app's root `/app/<id>` or lies below it (whole segments). */
export function isUnderAppRoot(path: string, appId: string): boolean {
  if (appPathProblem(path) !== null) return false;
  const root = `/app/${appId}`;
  return path === root || path.startsWith(`${root}/`);
}
