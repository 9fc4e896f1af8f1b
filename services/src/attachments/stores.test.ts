/**
 * The attachment store's contract (ADR 0067), run on both implementations: the folder, and S3 through a fake S3
 * server (s3rver) started in-process on a free port. put → get the same bytes; a missing key → null; delete is
 * idempotent; keys that could leave the store are refused; the folder never shows a half-written file.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import S3rver from 's3rver';
import { createFsAttachmentStore, createS3AttachmentStore, type AttachmentStore } from './index.ts';

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

const BUCKET = 'wb-attachments';
let root: string;
let s3: S3rver;
let endpoint: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wb-store-test-'));
  s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(root, 's3'), configureBuckets: [{ name: BUCKET }] });
  const { port } = await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await s3?.close();
  await rm(root, { recursive: true, force: true });
});

const stores: Array<[string, () => AttachmentStore]> = [
  ['fs', () => createFsAttachmentStore(path.join(root, 'fs'))],
  ['s3', () => createS3AttachmentStore({ endpoint, bucket: BUCKET, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' })],
];

describe.each(stores)('attachment store: %s', (kind, make) => {
  it('gives back the bytes it was given, from a buffer or a stream', async () => {
    const store = make();
    expect(store.kind).toBe(kind);
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    await store.put('connection/YK2026030200001/a1', bytes, { contentType: 'image/png', size: bytes.length });
    await store.put('connection/YK2026030200001/a2', Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]), { contentType: 'application/pdf', size: bytes.length });
    for (const key of ['connection/YK2026030200001/a1', 'connection/YK2026030200001/a2']) {
      const stream = await store.get(key);
      expect(stream).not.toBeNull();
      expect((await read(stream!)).equals(bytes)).toBe(true);
    }
  });

  it('answers null for a missing key and deletes idempotently', async () => {
    const store = make();
    await store.put('connection/YK2026030200002/b', Buffer.from('x'), { contentType: 'image/png', size: 1 });
    await store.delete('connection/YK2026030200002/b');
    expect(await store.get('connection/YK2026030200002/b')).toBeNull();
    await expect(store.delete('connection/YK2026030200002/b')).resolves.toBeUndefined();
    expect(await store.get('connection/never/was')).toBeNull();
  });

  it('refuses keys that could name something outside the store', async () => {
    const store = make();
    for (const key of ['../etc/passwd', 'connection/../../x', '/abs', 'a//b', 'a/./b', 'a b', '']) {
      await expect(store.put(key, Buffer.from('x'), { contentType: 'image/png', size: 1 }), key).rejects.toThrow(/invalid attachment key/);
      await expect(store.get(key), key).rejects.toThrow(/invalid attachment key/);
    }
  });
});

describe('attachment store: fs', () => {
  it('leaves no partial file under the key when the body fails half-way', async () => {
    const dir = path.join(root, 'fs-partial');
    const store = createFsAttachmentStore(dir);
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 1));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put('connection/YK2026030200003/c', failing, { contentType: 'image/png', size: 4096 })).rejects.toThrow('client went away');
    expect(await store.get('connection/YK2026030200003/c')).toBeNull();
    expect(await readdir(path.join(dir, 'connection', 'YK2026030200003'))).toEqual([]);
  });
});

describe('attachment store: s3', () => {
  // s3rver checks the access key id, not the SigV4 signature itself: an unknown key stands for any refusal.
  it('reports a refused request (unknown access key) as an error, not as a missing object', async () => {
    const store = createS3AttachmentStore({ endpoint, bucket: BUCKET, region: 'us-east-1', accessKeyId: 'NOBODY', secretAccessKey: 'S3RVER' });
    await expect(store.put('connection/YK2026030200004/d', Buffer.from('x'), { contentType: 'image/png', size: 1 })).rejects.toThrow(/HTTP 403/);
    await expect(store.get('connection/YK2026030200004/d')).rejects.toThrow(/HTTP 403/);
  });
});
