import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, appIdSchema } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { findAssetBlob } from '../catalogue/queries.ts';
import { sha256Hex, URL_DIGEST_LENGTH } from '../hashing.ts';
import type { BuiltFile, PlatformAssets } from '../platform.ts';
import { unsafePathReason } from '../publish/bundle.ts';
import { ByteCache } from './byte-cache.ts';
import { createAssetResponder } from './asset-responder.ts';
import type { AssetBody, AssetResponderOptions } from './asset-responder.ts';

export interface AssetRoutesOptions extends AssetResponderOptions {
  db: Db;
  platform: PlatformAssets;
  /** Memory (bytes) for raw asset bytes read from disk or the database; default 64 MiB. */
  rawCacheBytes?: number;
}

const DIGEST_SEGMENT = new RegExp(`^[0-9a-f]{${URL_DIGEST_LENGTH}}$`);

/** A precompressed sibling the build may or may not have written. */
async function readOptional(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

function notFound(): AppError {
  return new AppError(404, ErrorCode.NotFound, '资源不存在');
}

/**
 * Assets are public (`access: 'public'`): they are immutable code and data, and the security boundary
 * is the per-user import map: a user without an app never receives its URL or integrity (S3), and
 * every API the code calls checks permissions on the server. Asset URLs are also unguessable without
 * the bundle's content (its digest).
 */
export async function registerAssetRoutes(app: FastifyInstance, options: AssetRoutesOptions): Promise<void> {
  const responder = createAssetResponder(options);
  const raw = new ByteCache<AssetBody & { byteLength: number }>(options.rawCacheBytes ?? 64 * 1024 * 1024);

  function fromDir(dir: string, listed: readonly BuiltFile[]) {
    const allowed = new Set(listed.map((f) => f.file));
    return async (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
      const file = request.params['*'];
      // Only files the build listed are served: no directory listing, no path traversal.
      if (!allowed.has(file)) throw notFound();
      const body = await raw.get(`${dir}\u0000${file}`, async () => {
        const bytes = await readFile(join(dir, file));
        const precompressed = { br: await readOptional(join(dir, `${file}.br`)), gzip: await readOptional(join(dir, `${file}.gz`)) };
        const extra = (precompressed.br?.byteLength ?? 0) + (precompressed.gzip?.byteLength ?? 0);
        return { hash: sha256Hex(bytes), bytes, path: file, byteLength: bytes.byteLength + extra, precompressed };
      });
      return responder.send(request, reply, body);
    };
  }

  const config = { access: 'public' as const };
  app.get('/assets/shared/*', { config }, fromDir(options.platform.sharedDir, options.platform.shared.files));
  app.get('/assets/shell/*', { config }, fromDir(options.platform.shellDir, options.platform.shell.files));

  app.get<{ Params: { appId: string; digest: string; '*': string } }>(
    '/assets/apps/:appId/:digest/*',
    { config },
    async (request, reply) => {
      const { appId, digest, '*': path } = request.params;
      if (!appIdSchema.safeParse(appId).success || !DIGEST_SEGMENT.test(digest) || unsafePathReason(path)) throw notFound();
      const key = `${appId}/${digest}/${path}`;
      const body = await raw.get(key, async () => {
        const blob = await findAssetBlob(options.db, appId, digest, path);
        if (!blob) throw notFound();
        return { hash: blob.hash, bytes: blob.bytes, path, byteLength: blob.bytes.byteLength };
      });
      return responder.send(request, reply, body);
    },
  );
}
