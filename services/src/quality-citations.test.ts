/**
 * docs/quality.md names, for each row, the tests that prove it: `file` › "title", "title". A test renamed, moved or
 * deleted would leave a row claiming a proof that no longer exists (three rows once said "not built" for work that
 * had landed; the reverse is as easy). Every cited file must exist and hold every cited title.
 *
 * A title ending in … is a prefix; `it.each` titles are matched up to their first placeholder (%s); quotes escaped
 * in the source count as quotes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const QUALITY = readFileSync(join(ROOT, 'docs/quality.md'), 'utf8');
const ROWS = QUALITY.split('\n').filter((line) => line.startsWith('| <a id='));

/** `path` (a note) › "title", "title" … (the note optional; a title may hold escaped quotes). */
const CITATION = /`([\w./@-]+\.(?:tsx?|mjs))`(?:\s*\([^)]*\))?\s*›\s*((?:"(?:[^"\\]|\\.)*"(?:,\s*)?)+)/g;
const TITLE = /"((?:[^"\\]|\\.)*)"/g;

interface Citation {
  row: string;
  file: string;
  title: string;
}

function citations(): Citation[] {
  const found: Citation[] = [];
  for (const line of ROWS) {
    const row = /id="(\w+)"/.exec(line)?.[1] ?? '?';
    for (const [, file, titles] of line.matchAll(CITATION)) {
      for (const [, title] of (titles ?? '').matchAll(TITLE)) found.push({ row, file: file!, title: title!.replaceAll('\\"', '"') });
    }
  }
  return found;
}

/** What of a cited title the source must hold: up to an ellipsis or a placeholder. */
const probeOf = (title: string): string => title.split(/…|%[sdijo#]|\$\{/)[0]!.trim();

describe('docs/quality.md cites tests that exist', () => {
  const all = citations();

  it('finds the citations (the rows and their format are what this test reads)', () => {
    expect(ROWS.length).toBeGreaterThan(50);
    expect(all.length).toBeGreaterThan(100);
  });

  it('every cited file exists and holds every cited title', () => {
    const sources = new Map<string, string | null>();
    const source = (file: string): string | null => {
      if (!sources.has(file)) {
        const path = join(ROOT, file);
        sources.set(file, existsSync(path) ? readFileSync(path, 'utf8').replaceAll("\\'", "'").replaceAll('\\"', '"') : null);
      }
      return sources.get(file)!;
    };
    const broken = all
      .filter((c) => {
        const text = source(c.file);
        return text === null || !text.includes(probeOf(c.title));
      })
      .map((c) => `${c.row}: ${c.file} › "${c.title}"${source(c.file) === null ? ' (no such file)' : ''}`);
    expect(broken).toEqual([]);
  });
});
