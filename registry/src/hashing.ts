import { createHash } from 'node:crypto';

/** Content address of a stored file (registry_blob.hash): lower-case sha256 hex. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Subresource Integrity value as browsers check it in import maps and `<script integrity>`. */
export function sri384(bytes: Uint8Array | string): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** CSP source expression allowing one inline `<script>` or `<style>` whose text is exactly `text`. */
export function cspSha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * Digest of a version's content: sha256 over the sorted `path NUL blobHash LF` lines.
 * Two bundles with the same files at the same paths have the same digest whatever the upload order,
 * which is what makes a republish idempotent and a changed republish detectable (409).
 */
export function versionDigest(files: ReadonlyArray<{ path: string; hash: string }>): string {
  const lines = files
    .map((f) => `${f.path}\u0000${f.hash}\n`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256Hex(lines.join(''));
}

/** Length of the digest prefix used in asset URLs: 64 bits is plenty to tell one app's versions apart. */
export const URL_DIGEST_LENGTH = 16;

export function urlDigest(digest: string): string {
  return digest.slice(0, URL_DIGEST_LENGTH);
}
