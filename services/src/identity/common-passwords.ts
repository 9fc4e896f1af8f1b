import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Loads common-passwords.txt (QUALITY.md S13) as a lower-cased set. */
export function loadCommonPasswords(file = path.join(import.meta.dirname, 'common-passwords.txt')): ReadonlySet<string> {
  const lines = readFileSync(file, 'utf8').split('\n');
  return new Set(lines.map((l) => l.trim().toLowerCase()).filter((l) => l && !l.startsWith('#')));
}

/** Why `password` may not be a new password, or null when it may (length is checked by the contract). */
export function weakPasswordReason(password: string, username: string, common: ReadonlySet<string>): string | null {
  const lower = password.toLowerCase();
  if (common.has(lower)) return '该密码过于常见，请换一个';
  if (lower.includes(username.toLowerCase())) return '密码不能包含用户名';
  if (new Set(password).size < 4) return '密码过于简单，请使用更多不同的字符';
  return null;
}
