import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Loads common-passwords.txt (docs/quality.md S13) as a lower-cased set. */
export function loadCommonPasswords(file = path.join(import.meta.dirname, 'common-passwords.txt')): ReadonlySet<string> {
  const lines = readFileSync(file, 'utf8').split('\n');
  return new Set(lines.map((l) => l.trim().toLowerCase()).filter((l) => l && !l.startsWith('#')));
}
