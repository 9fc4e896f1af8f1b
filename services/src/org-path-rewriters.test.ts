/**
 * ADR 0058: every table with an `org_path` copy (from any module's migrations) is rewritten when an org unit moves;
 * a new one that is not fails here until its module's org-paths.ts names it (server-kit `orgPathRewriter`).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORG_PATH_REWRITERS } from './org-path-rewriters.ts';

const SRC = new URL('.', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('org path rewriters', () => {
  it('cover every table that copies an org path', () => {
    const sources = files(SRC).filter((p) => p.endsWith('.ts') && !p.endsWith('.test.ts'));
    const withPath = new Set<string>();
    for (const path of sources.filter((p) => /migrations[^/]*\.ts$/.test(p))) {
      const source = readFileSync(path, 'utf8');
      for (const m of source.matchAll(/CREATE (?:UNLOGGED )?TABLE (?:IF NOT EXISTS )?([a-z_0-9]+)\s*\(([\s\S]*?)\n\);?/g)) {
        if (/^\s*org_path\s+text/m.test(m[2] as string)) withPath.add(m[1] as string);
      }
      for (const m of source.matchAll(/ALTER TABLE ([a-z_0-9]+) ADD COLUMN (?:IF NOT EXISTS )?org_path\b/g)) withPath.add(m[1] as string);
    }
    const rewritten = new Set(ORG_PATH_REWRITERS.flatMap((rewrite) => rewrite.targets).filter((target) => !target.includes('.')));
    expect(withPath.size).toBeGreaterThan(10);
    expect([...withPath].filter((t) => !rewritten.has(t)).sort()).toEqual([]);
  });
});
