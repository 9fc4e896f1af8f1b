import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import type { ManifestInput, PostRef } from '@wb/contracts';
import { AppError, type Principal } from '@wb/server-kit';

const fixtures = (path: string): string => fileURLToPath(new URL(`../test-fixtures/${path}`, import.meta.url));

/**
 * Small stand-ins for the platform builds (shared-deps.json, shell.json) and two built micro-apps,
 * so that registry and server tests need no Vite build. `hello-world` declares no `access` (closed by
 * default: administrators only, ADR 0023); `secret-tool` needs `secret:tool:use` and declares the service
 * `customer` ^1.
 */
export const registryFixtures = {
  sharedDepsDir: fixtures('shared-deps'),
  shellDistDir: fixtures('shell'),
  appDirs: [fixtures('apps/hello-world'), fixtures('apps/secret-tool')],
  services: [{ name: 'customer', major: 1 }],
} as const;

const encoder = new TextEncoder();

/** Conferred by every post (seeded roles): the permission an app open to all staff asks for. */
export const STAFF_PERMISSION = 'store:market:use';
/** `access` of an app open to every staff member with a post (ADR 0023: no `access` means administrators only). */
export const OPEN_ACCESS = { anyPermissions: [STAFF_PERMISSION] };

/** The three single-spa lifecycles every entry must export (publish/module-checks.ts). */
export const LIFECYCLE_SOURCE = 'export async function bootstrap() {}\nexport async function mount() {}\nexport async function unmount() {}\n';

/**
 * A valid bundle in memory: manifest.json + an ES module entry exporting the single-spa lifecycles; override
 * manifest fields or add files. No `access` unless given: administrators only (ADR 0023).
 */
export function makeBundle(
  manifest: Partial<ManifestInput> = {},
  extraFiles: Record<string, string | Uint8Array> = {},
): Map<string, Uint8Array> {
  const id = manifest.id ?? 'demo-app';
  const full: ManifestInput = {
    id,
    name: '演示应用',
    version: '1.0.0',
    entry: `${id}-entry.js`,
    routes: [`/app/${id}`],
    ...manifest,
  };
  const files = new Map<string, Uint8Array>();
  files.set('manifest.json', encoder.encode(JSON.stringify(full)));
  files.set(full.entry, encoder.encode(`${LIFECYCLE_SOURCE}export const version = '${full.version}';\n`));
  for (const [path, content] of Object.entries(extraFiles)) {
    files.set(path, typeof content === 'string' ? encoder.encode(content) : content);
  }
  return files;
}

/** Files (of `makeBundle`, or a folder read) as the zip an upload sends; inside `folder` (e.g. `dist/`) when given. */
export function zipOf(files: Map<string, Uint8Array>, folder = ''): Buffer {
  return Buffer.from(zipSync(Object.fromEntries([...files].map(([path, bytes]) => [`${folder}${path}`, bytes]))));
}

export function makePost(code: string, orgUnitCode = 'ORG-01'): PostRef {
  return { code, name: code, orgUnitCode, orgUnitName: '测试单位' };
}

/** A signed-in user for feed tests; permissions given as a list. */
export function makePrincipal(
  overrides: Partial<Omit<Principal, 'permissions'>> & { permissions?: string[] } = {},
): Principal {
  const { permissions = [], ...rest } = overrides;
  return {
    userId: 'u-1',
    username: 'tester',
    displayName: '测试用户',
    orgUnitCode: 'ORG-01',
    orgUnitName: '测试单位',
    orgUnitPath: '/ORG-01/',
    roles: [],
    posts: [],
    activePost: null,
    ...rest,
    permissions: new Set(permissions),
  };
}

/** The AppError `p` rejects with (a refusal the tests then read: status, code, message, fields); anything else throws. */
export async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal (AppError), the call succeeded');
}
