import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * What the platform builds provide and the registry serves (team brief "Build outputs").
 * Parsed leniently (extra keys allowed) because other packages emit these files.
 */
const builtFileSchema = z.object({
  file: z.string().min(1),
  integrity: z.string().startsWith('sha384-'),
  size: z.number().int().nonnegative(),
});
export type BuiltFile = z.infer<typeof builtFileSchema>;

const sharedDepsJsonSchema = z.object({
  importMap: z.object({
    imports: z.record(z.string(), z.string()),
    integrity: z.record(z.string(), z.string()).default({}),
  }),
  versions: z.record(z.string(), z.string()),
  files: z.array(builtFileSchema),
});
export type SharedDepsJson = z.infer<typeof sharedDepsJsonSchema>;

const shellJsonSchema = z.object({
  entry: z.string().min(1),
  files: z.array(builtFileSchema),
});
export type ShellJson = z.infer<typeof shellJsonSchema>;

/** The platform's own assets: shared dependencies and the shell, each a directory plus its index. */
export interface PlatformAssets {
  sharedDir: string;
  shared: SharedDepsJson;
  shellDir: string;
  shell: ShellJson;
}

export const SHARED_DEPS_JSON = 'shared-deps.json';
export const SHELL_JSON = 'shell.json';

async function readJson<T>(dir: string, name: string, schema: z.ZodType<T>): Promise<T> {
  const path = join(dir, name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new Error(`registry: ${path} is missing; build the platform first (npm run build)`, { cause });
  }
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`registry: ${path} is malformed: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export async function loadPlatformAssets(sharedDepsDir: string, shellDistDir: string): Promise<PlatformAssets> {
  const [shared, shell] = await Promise.all([
    readJson(sharedDepsDir, SHARED_DEPS_JSON, sharedDepsJsonSchema),
    readJson(shellDistDir, SHELL_JSON, shellJsonSchema),
  ]);
  if (!shell.files.some((f) => f.file === shell.entry)) {
    throw new Error(`registry: shell entry ${shell.entry} is not listed in ${SHELL_JSON} files`);
  }
  return { sharedDir: sharedDepsDir, shared, shellDir: shellDistDir, shell };
}
