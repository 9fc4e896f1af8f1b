import { describe, expect, it } from 'vitest';
import { chooseEncoding } from './asset-responder.ts';
import { ByteCache } from './byte-cache.ts';

describe('ByteCache', () => {
  it('computes once per key and shares concurrent computations', async () => {
    const cache = new ByteCache<Uint8Array>(100);
    let calls = 0;
    const compute = async () => {
      calls += 1;
      return new Uint8Array(10);
    };
    const [a, b] = await Promise.all([cache.get('k', compute), cache.get('k', compute)]);
    expect(a).toBe(b);
    expect(calls).toBe(1);
  });

  it('hands out but does not keep a value that `keep` refuses (an unreviewed asset, ADR 0016)', async () => {
    const cache = new ByteCache<Uint8Array>(100);
    let calls = 0;
    const compute = async () => {
      calls += 1;
      return new Uint8Array(calls);
    };
    const keepLong = (v: Uint8Array) => v.byteLength > 1;
    expect((await cache.get('k', compute, keepLong)).byteLength).toBe(1);
    expect((await cache.get('k', compute, keepLong)).byteLength).toBe(2);
    expect((await cache.get('k', compute, keepLong)).byteLength).toBe(2);
    expect(calls).toBe(2);
  });

  it('evicts the least recently used entries beyond its byte bound', async () => {
    const cache = new ByteCache<Uint8Array>(25);
    const computed: string[] = [];
    const get = (key: string) =>
      cache.get(key, async () => {
        computed.push(key);
        return new Uint8Array(10);
      });
    await get('a');
    await get('b');
    await get('a'); // a is now the most recent
    await get('c'); // 30 bytes > 25: b goes
    await get('a');
    await get('b');
    expect(computed).toEqual(['a', 'b', 'c', 'b']);
  });

  it('does not keep failures', async () => {
    const cache = new ByteCache<Uint8Array>(100);
    await expect(cache.get('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(cache.get('k', async () => new Uint8Array(1))).resolves.toHaveLength(1);
  });
});

describe('chooseEncoding', () => {
  it.each([
    [undefined, null],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['identity', null],
    ['BR', 'br'],
  ] as const)('%s → %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});
