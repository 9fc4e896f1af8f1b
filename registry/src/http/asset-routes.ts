import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, appIdSchema } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { Db, Principal } from '@wb/server-kit';
import { REVIEWED_STATUSES, findAssetBlob } from '../catalogue/queries.ts';
import { sha256Hex, URL_DIGEST_LENGTH } from '../hashing.ts';
import type { BuiltFile, PlatformAssets } from '../platform.ts';
import { unsafePathReason } from '../publish/bundle.ts';
import { mayViewUnreviewed } from '../store/rights.ts';
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

/** Raw bytes as cached: reviewed ones stay in the cache, unreviewed ones are looked up on every request. */
type RawAsset = AssetBody & { byteLength: number; reviewed: boolean; uploader: string | null };

async function loadAppAsset(db: Db, appId: string, digest: string, path: string): Promise<RawAsset> {
  const blob = await findAssetBlob(db, appId, digest, path);
  if (!blob) throw notFound();
  const reviewed = REVIEWED_STATUSES.has(blob.status);
  return { hash: blob.hash, bytes: blob.bytes, path, byteLength: blob.bytes.byteLength, reviewed, uploader: blob.uploader };
}

/**
 * Asset routes skip the session (identity's SESSIONLESS_PREFIXES: no lookup per file); an unreviewed file is
 * the one case that needs the viewer, so it resolves the session itself. A failing lookup counts as anonymous.
 */
async function viewerOf(app: FastifyInstance, request: FastifyRequest): Promise<Principal | null> {
  if (!app.hasDecorator('resolvePrincipal')) return request.principal;
  return app.resolvePrincipal(request).catch(() => null);
}

/**
 * Assets are public (`access: 'public'`) once reviewed: they are immutable code and data, and the security
 * boundary is the per-user import map: a user without an app never receives its URL or integrity (S3), and
 * every API the code calls checks permissions on the server. Asset URLs are also unguessable without
 * the bundle's content (its digest). Files of a version not yet reviewed (DRAFT, IN_REVIEW) are served only to
 * its uploader and reviewers, never cached (S17, ADR 0016); to anyone else they do not exist (404).
 */
export async function registerAssetRoutes(app: FastifyInstance, options: AssetRoutesOptions): Promise<void> {
  const responder = createAssetResponder(options);
  const raw = new ByteCache<RawAsset>(options.rawCacheBytes ?? 64 * 1024 * 1024);

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
        return { hash: sha256Hex(bytes), bytes, path: file, byteLength: bytes.byteLength + extra, precompressed, reviewed: true, uploader: null };
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
      // A refusal must not be cached: the URL answers once the version is published (the responder sets its own).
      reply.header('cache-control', 'no-store');
      if (!appIdSchema.safeParse(appId).success || !DIGEST_SEGMENT.test(digest) || unsafePathReason(path)) throw notFound();
      // A version's status moves on (a draft gets published), so only reviewed files are kept.
      const load = () => loadAppAsset(options.db, appId, digest, path);
      const body = await raw.get(`${appId}/${digest}/${path}`, load, (asset) => asset.reviewed);
      if (body.reviewed) return responder.send(request, reply, body);
      if (!mayViewUnreviewed(await viewerOf(app, request), body.uploader ?? '')) throw notFound();
      return responder.send(request, reply, body, { private: true });
    },
  );
}
