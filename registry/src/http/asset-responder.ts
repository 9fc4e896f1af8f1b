import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ByteCache } from './byte-cache.ts';
import { contentTypeFor, isCompressible, isScriptOrStyle } from './content-type.ts';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Immutable bytes to serve, named by their content hash. */
export interface AssetBody {
  hash: string;
  bytes: Uint8Array;
  /** Used for the content type. */
  path: string;
  /** Compressed forms the build already made (`<file>.br`, `<file>.gz`): served as they are. */
  precompressed?: Partial<Record<Encoding, Uint8Array>>;
}

export type Encoding = 'br' | 'gzip';

export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Files of a version nobody has reviewed yet: for the one signed-in viewer, never stored by any cache (ADR 0016). */
export const PRIVATE_CACHE_CONTROL = 'private, no-store';
/**
 * Everything but JavaScript and CSS: opened as a document (an SVG, a JSON file, an old stored HTML file) it runs
 * no script and reaches nothing, so no uploaded file can act on the product's origin (ADR 0016, S17).
 */
export const SANDBOX_CSP = "sandbox; default-src 'none'";
/** Below this, compression saves less than the header overhead it costs. */
const MIN_COMPRESS_BYTES = 1024;

/** Picks br over gzip when the client accepts both (q=0 refuses an encoding). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Set<string>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

function etagMatches(ifNoneMatch: string | undefined, hash: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t === `"${hash}"` || t.startsWith(`"${hash}-`);
  });
}

export interface AssetResponderOptions {
  /** Memory (bytes) for precompressed variants; default 64 MiB. */
  compressedCacheBytes?: number;
}

export interface SendOptions {
  /** An unreviewed version's file, shown to its uploader or a reviewer: `private, no-store`, no CORS. Default false. */
  private?: boolean;
}

export interface AssetResponder {
  send(request: FastifyRequest, reply: FastifyReply, asset: AssetBody, options?: SendOptions): Promise<FastifyReply>;
}

/** Caching, type and the headers that keep an asset from ever acting as a document of the product. */
function setAssetHeaders(reply: FastifyReply, asset: AssetBody, contentType: string, options: SendOptions): void {
  reply
    .header('cache-control', options.private ? PRIVATE_CACHE_CONTROL : IMMUTABLE_CACHE_CONTROL)
    .header('content-type', contentType)
    .header('x-content-type-options', 'nosniff')
    .header('vary', 'Accept-Encoding');
  if (!isScriptOrStyle(asset.path)) reply.header('content-security-policy', SANDBOX_CSP);
  // Modules are fetched in CORS mode (crossorigin / import maps); allows an ASSET_BASE_URL origin. Private
  // files are only ever loaded by the product's own pages, which need no CORS.
  if (!options.private) reply.header('access-control-allow-origin', '*');
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Serves immutable assets: year-long immutable caching (unreviewed ones: none), an ETag per content hash (and
 * per encoding), 304 on If-None-Match, and brotli/gzip compressed once per content hash and kept on this instance.
 */
export function createAssetResponder(options: AssetResponderOptions = {}): AssetResponder {
  const compressed = new ByteCache<Buffer>(options.compressedCacheBytes ?? 64 * 1024 * 1024);

  function compress(asset: AssetBody, encoding: Encoding): Promise<Buffer> {
    const ready = asset.precompressed?.[encoding];
    if (ready) return Promise.resolve(toBuffer(ready));
    const input = toBuffer(asset.bytes);
    // Quality 6, not 11: the first request of a bundle waits for this, and 11 costs seconds on antd-sized
    // files for a few per cent less. Builds precompress at full quality where they can.
    return compressed.get(`${asset.hash}:${encoding}`, () =>
      encoding === 'br'
        ? brotli(input, { params: { [zlib.BROTLI_PARAM_QUALITY]: 6, [zlib.BROTLI_PARAM_SIZE_HINT]: input.byteLength } })
        : gz(input, { level: 6 }),
    );
  }

  return {
    async send(request, reply, asset, options = {}) {
      const contentType = contentTypeFor(asset.path);
      setAssetHeaders(reply, asset, contentType, options);
      if (etagMatches(request.headers['if-none-match'], asset.hash)) {
        return reply.header('etag', `"${asset.hash}"`).code(304).send();
      }
      const encoding = isCompressible(contentType) && asset.bytes.byteLength >= MIN_COMPRESS_BYTES
        ? chooseEncoding(request.headers['accept-encoding'])
        : null;
      if (encoding) {
        const body = await compress(asset, encoding);
        if (body.byteLength < asset.bytes.byteLength) {
          return reply.header('etag', `"${asset.hash}-${encoding}"`).header('content-encoding', encoding).send(body);
        }
      }
      return reply.header('etag', `"${asset.hash}"`).send(toBuffer(asset.bytes));
    },
  };
}
