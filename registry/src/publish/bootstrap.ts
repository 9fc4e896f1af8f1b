import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '@wb/server-kit';
import { MANIFEST_FILE, readBundleDir } from './bundle.ts';
import type { Publisher } from './publisher.ts';

/** The subset of a pino/Fastify logger bootstrap uses. */
export interface BootstrapLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type BootstrapOutcome = 'created' | 'unchanged' | 'kept-existing' | 'refused' | 'skipped';

export interface BootstrapResult {
  dir: string;
  outcome: BootstrapOutcome;
  appId?: string;
  version?: string;
  message?: string;
}

const SYSTEM_ACTOR = 'system';

const consoleLogger: BootstrapLogger = {
  info: (obj, msg) => console.info(msg, obj),
  warn: (obj, msg) => console.warn(msg, obj),
  error: (obj, msg) => console.error(msg, obj),
};

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

/** An app folder (`apps/<id>` with a built `dist/`) or an already-built bundle folder. */
async function bundleDirOf(dir: string): Promise<string | null> {
  if (await isFile(join(dir, 'dist', MANIFEST_FILE))) return join(dir, 'dist');
  if (await isFile(join(dir, MANIFEST_FILE))) return dir;
  return null;
}

async function publishDir(publisher: Publisher, dir: string, log: BootstrapLogger): Promise<BootstrapResult> {
  const bundleDir = await bundleDirOf(dir);
  if (!bundleDir) {
    log.warn({ dir }, 'registry bootstrap: no built manifest.json here, skipped (build the app first)');
    return { dir, outcome: 'skipped' };
  }
  try {
    const r = await publisher.publish({ files: await readBundleDir(bundleDir), actor: SYSTEM_ACTOR, autoApprove: true });
    const outcome = r.created ? 'created' : 'unchanged';
    log.info({ dir, appId: r.appId, version: r.version, digest: r.digest, current: r.current }, `registry bootstrap: ${outcome}`);
    return { dir, outcome, appId: r.appId, version: r.version };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // 409 with `fields.version`: the same version with other content (a parts refusal is a 409 without it).
    if (error.statusCode === 409 && error.fields?.['version'] !== undefined) {
      // A developer rebuilt without bumping the version: the stored bundle stays authoritative.
      log.warn(
        { dir, code: error.code },
        `registry bootstrap: ${error.message}. KEEPING the already-published bundle; the rebuilt files in ${bundleDir} are NOT served. Bump "version" to publish them.`,
      );
      return { dir, outcome: 'kept-existing', message: error.message };
    }
    log.error({ dir, code: error.code, fields: error.fields }, `registry bootstrap: publish refused: ${error.message}`);
    return { dir, outcome: 'refused', message: error.message };
  }
}

/**
 * First-start publishing: every built app folder goes through the same pipeline as any publish
 * (issue 2: "not by writing rows by hand"), auto-approved as 'system'. A refused app is logged and
 * skipped so that one bad bundle cannot keep the platform from starting.
 */
export async function bootstrapPublish(
  publisher: Publisher,
  dirs: readonly string[],
  log: BootstrapLogger = consoleLogger,
): Promise<BootstrapResult[]> {
  const results = new Map<string, BootstrapResult>();
  for (const dir of dirs) results.set(dir, await publishDir(publisher, dir, log));
  // A consumer of another app's parts is refused until its provider is published (ADR 0030): whatever was
  // refused goes again while a pass publishes something, so the order of `dirs` does not matter.
  for (let progress = true; progress; ) {
    progress = false;
    for (const [dir, result] of results) {
      if (result.outcome !== 'refused') continue;
      const again = await publishDir(publisher, dir, log);
      results.set(dir, again);
      progress ||= again.outcome !== 'refused';
    }
  }
  return [...results.values()];
}
