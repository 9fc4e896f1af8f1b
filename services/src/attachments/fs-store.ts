/**
 * The attachment store in a folder (default: `<DATA_DIR>/attachments`, ADR 0067). One file per key; written to a
 * temporary name, flushed, then renamed, so a crash never leaves a half file under a key. Back it up with the
 * database (docs/operations.md).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertAttachmentKey, type AttachmentStore } from './store.ts';

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

export function createFsAttachmentStore(root: string): AttachmentStore {
  const base = path.resolve(root);
  const pathOf = (key: string): string => {
    assertAttachmentKey(key);
    return path.join(base, ...key.split('/'));
  };
  return {
    kind: 'fs',
    async put(key, body) {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      const temp = `${target}.${randomUUID()}.part`;
      try {
        const source = body instanceof Uint8Array ? Readable.from([body]) : body;
        // `flush`: the data is on disk before the rename makes it visible (and before the metadata row commits).
        await pipeline(source, createWriteStream(temp, { flags: 'wx', mode: 0o600, flush: true }));
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
    async get(key) {
      const file = pathOf(key);
      try {
        // Opened before answering, so a missing file is a null here rather than a stream error mid-response.
        await stat(file);
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
      return createReadStream(file);
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
