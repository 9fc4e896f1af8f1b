/**
 * Zip for the app-store mock's `POST /versions` (browser and Node), through fflate — the library the server's
 * upload (registry/src/store/zip.ts) and the publish CLI use, so the mock reads what the server reads.
 * `readZip` throws on anything that is not a readable zip; the handler turns that into the server's 400.
 */
import { unzipSync, zipSync } from 'fflate';

export interface ZipEntry {
  path: string;
  bytes: Uint8Array;
}

/** The files of a zip (folders left out), in the archive's order. Async to keep callers free to move it off-thread. */
export async function readZip(buffer: ArrayBuffer): Promise<ZipEntry[]> {
  const files = unzipSync(new Uint8Array(buffer));
  return Object.entries(files)
    .filter(([path]) => !path.endsWith('/'))
    .map(([path, bytes]) => ({ path, bytes }));
}

/** Writes a zip of stored (uncompressed) entries: for tests and the dev harness, which need no compression. */
export function writeZip(files: ReadonlyArray<{ path: string; content: string | Uint8Array }>): Uint8Array {
  const encoder = new TextEncoder();
  return zipSync(Object.fromEntries(files.map((f) => [f.path, typeof f.content === 'string' ? encoder.encode(f.content) : f.content])), { level: 0 });
}
