/**
 * The attachment store (ADR 0067): where the bytes of uploaded files live, by key. Metadata (name, type, size,
 * hash, who, which application) is the owning service's table; the store knows only keys and bytes.
 * Two implementations: a folder under the data directory (default, `fs-store.ts`) and an S3-compatible bucket
 * (`s3-store.ts`, ATTACHMENT_STORE=s3).
 */
import type { Readable } from 'node:stream';

export interface AttachmentStore {
  /** `fs` or `s3`, for logs and the health report. */
  readonly kind: 'fs' | 's3';
  /**
   * Stores `body` under `key`, replacing nothing half-way: the object is visible under its key only once all of
   * it is written (fs: a temporary file renamed; S3: one PUT). `size` is the byte count of `body`.
   */
  put(key: string, body: Uint8Array | Readable, meta: { contentType: string; size: number }): Promise<void>;
  /** The object's bytes as a stream, or null when there is no object under `key`. */
  get(key: string): Promise<Readable | null>;
  /** Removes the object; no object under `key` is not an error. */
  delete(key: string): Promise<void>;
}

/**
 * Keys are made by the services, never taken from a request: `<service>/<business key>/<uuid>`. Checked anyway
 * (letters, digits, `-`, `_`, `/` between non-empty segments), so that no key can name a path outside the store.
 */
const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+){0,7}$/;

export function assertAttachmentKey(key: string): void {
  if (!KEY.test(key) || key.length > 300) throw new Error(`invalid attachment key: ${JSON.stringify(key)}`);
}
