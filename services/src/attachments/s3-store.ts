/**
 * The attachment store in an S3-compatible bucket (ATTACHMENT_STORE=s3, ADR 0067): AWS S3, MinIO, Ceph RGW, OSS
 * or COS in S3 mode. Path-style URLs (`<endpoint>/<bucket>/<key>`), which every one of them serves; requests are
 * signed with SigV4 by aws4fetch (a few KiB on top of fetch) rather than the AWS SDK (megabytes for three calls).
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AwsClient } from 'aws4fetch';
import { assertAttachmentKey, type AttachmentStore } from './store.ts';

export interface S3StoreOptions {
  /** Endpoint URL without the bucket, e.g. `https://s3.cn-north-1.amazonaws.com.cn` or `http://minio:9000`. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Per request, ms; default 30,000. */
  timeoutMs?: number;
}

export class AttachmentStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AttachmentStoreError';
  }
}

async function bytesOf(body: Uint8Array | Readable): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export function createS3AttachmentStore(options: S3StoreOptions): AttachmentStore {
  // Few retries (aws4fetch's default is 10, with back-off): an upload is waiting on this.
  const client = new AwsClient({ accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, service: 's3', region: options.region, retries: 2 });
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const urlOf = (key: string): string => {
    assertAttachmentKey(key);
    return `${endpoint}/${encodeURIComponent(options.bucket)}/${key}`;
  };
  const call = async (method: string, key: string, init: RequestInit = {}): Promise<Response> => {
    try {
      return await client.fetch(urlOf(key), { ...init, method, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new AttachmentStoreError(`S3 ${method} ${key}: ${(error as Error).message}`, { cause: error });
    }
  };
  const fail = async (method: string, key: string, response: Response): Promise<never> => {
    const text = await response.text().catch(() => '');
    throw new AttachmentStoreError(`S3 ${method} ${key}: HTTP ${response.status} ${text.slice(0, 300)}`);
  };
  return {
    kind: 's3',
    async put(key, body, meta) {
      // One PUT with a known length (S3 refuses chunked bodies without it); files are at most a few MiB (limits
      // in the contracts), so they are held in memory for the call.
      const bytes = await bytesOf(body);
      const response = await call('PUT', key, { body: bytes as Uint8Array<ArrayBuffer>, headers: { 'content-type': meta.contentType } });
      if (!response.ok) await fail('PUT', key, response);
      await response.body?.cancel();
    },
    async get(key) {
      const response = await call('GET', key);
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (!response.ok || !response.body) return fail('GET', key, response);
      return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    },
    async delete(key) {
      const response = await call('DELETE', key);
      if (!response.ok && response.status !== 404) await fail('DELETE', key, response);
      await response.body?.cancel();
    },
  };
}
