/**
 * A module reads another module's data only through that module's port (ADR 0026): no SQL of one module names a
 * table that another module's migrations create. Each module's tables are found in its own `CREATE TABLE`
 * statements; each module's production files (not tests, not test helpers) are scanned for the tables their SQL
 * reads or writes (`FROM`, `JOIN`, `INTO`, `UPDATE`, `TABLE`).
 *
 * The exceptions are closed and named below, each with its reason; an exception that no longer occurs must be
 * removed (the test fails), so the list only shrinks.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('.', import.meta.url).pathname;

/** Modules that share an owner's tables on purpose: reader → owner. */
const SHARED_OWNERS: Record<string, string> = {
  // 系统管理 is identity's administration API: it writes org units, users, posts and roles, the tables the
  // identity module's access model reads. Splitting them would be a data migration with no reader gained.
  iam: 'identity',
  // The seed loads every module's first data (demo installation, tests); it is a loader, not a reader.
  seed: '*',
};

/**
 * Known exceptions still to move behind a port: `file → tables`. None left: the workflow engine takes identity's
 * names from the directory port and copies the candidate org path onto its tasks (ADR 0069); the indicators
 * service reads the domains through their ports (ADR 0061). A new exception needs an ADR, not a line here.
 */
const KNOWN: Record<string, string[]> = {};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const production = files(SRC)
  .map((path) => relative(SRC, path))
  .filter((path) => path.includes('/') && path.endsWith('.ts') && !path.endsWith('.test.ts') && !/(^|\/)testing(\/|\.ts$)/.test(path) && !path.startsWith('testing/'));
const moduleOf = (path: string): string => path.split('/')[0] as string;
const withoutComments = (source: string): string => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** Table → owning module, from the CREATE TABLE statements. */
export function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const path of production) {
    for (const m of readFileSync(join(SRC, path), 'utf8').matchAll(/CREATE (?:UNLOGGED )?TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)/g)) {
      owners.set(m[1] as string, moduleOf(path));
    }
  }
  return owners;
}

/** `file → other modules' tables its SQL names`, after the shared owners. */
export function foreignTableUses(sourceOf: (path: string) => string = (path) => readFileSync(join(SRC, path), 'utf8')): Record<string, string[]> {
  const owners = tableOwners();
  const found: Record<string, string[]> = {};
  for (const path of production) {
    const mod = moduleOf(path);
    const tables = new Set<string>();
    for (const m of withoutComments(sourceOf(path)).matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_][a-z0-9_]*)/g)) {
      const owner = owners.get(m[1] as string);
      if (!owner || owner === mod) continue;
      const shared = SHARED_OWNERS[mod];
      if (shared === '*' || shared === owner) continue;
      tables.add(m[1] as string);
    }
    if (tables.size > 0) found[path] = [...tables].sort();
  }
  return found;
}

describe('module tables (ADR 0026)', () => {
  it('finds the owners of the core tables', () => {
    const owners = tableOwners();
    expect(owners.get('org_unit')).toBe('identity');
    expect(owners.get('yk_application')).toBe('connection');
    expect(owners.get('customer')).toBe('customer');
    expect(owners.get('wf_task')).toBe('workflow');
  });

  it('no module reads another module’s tables except through its port (the known exceptions only shrink)', () => {
    expect(foreignTableUses()).toEqual(KNOWN);
  });

  it('catches a module that reads another’s table (a deliberate violation)', () => {
    const violating = 'connection/repository.ts';
    const uses = foreignTableUses((path) => {
      const source = readFileSync(join(SRC, path), 'utf8');
      return path === violating ? `${source}\nconst leak = 'SELECT name FROM sys_user WHERE id = $1';` : source;
    });
    expect(uses[violating]).toEqual(['sys_user']);
  });
});
