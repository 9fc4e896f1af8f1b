import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT_N, createPasswordHasher } from './password.ts';

const hasher = createPasswordHasher({ scryptN: 2 ** 10 });

describe('password hashing', () => {
  it('uses scrypt N=2^17, r=8, p=1 with a 16-byte salt by default (docs/quality.md S13)', async () => {
    expect(DEFAULT_SCRYPT_N).toBe(2 ** 17);
    const encoded = await createPasswordHasher().hash('Workbench#2026');
    const [scheme, n, r, p, salt] = encoded.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '131072', '8', '1']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
  }, 30_000);

  it('verifies the right password, refuses a wrong one, and salts every hash', async () => {
    const a = await hasher.hash('正确的密码 with 空格');
    const b = await hasher.hash('正确的密码 with 空格');
    expect(a).not.toBe(b);
    expect(await hasher.verify('正确的密码 with 空格', a)).toBe(true);
    expect(await hasher.verify('正确的密码 with 空格 ', a)).toBe(false);
  });

  it('verifies with the cost stored in the hash, not the hasher\'s', async () => {
    const stored = await createPasswordHasher({ scryptN: 2 ** 11 }).hash('pw-1');
    expect(await hasher.verify('pw-1', stored)).toBe(true);
  });

  it('refuses malformed or tampered hashes instead of throwing or allocating without bound', async () => {
    const good = await hasher.hash('pw');
    expect(await hasher.verify('pw', 'plain-text')).toBe(false);
    expect(await hasher.verify('pw', good.replace('$1024$', '$1000$'))).toBe(false);
    expect(await hasher.verify('pw', good.replace('$1024$', `$${2 ** 24}$`))).toBe(false);
    expect(await hasher.verify('pw', good.slice(0, -4))).toBe(false);
  });

  it('spends a hash on an unknown user and answers false', async () => {
    expect(await hasher.verifyAgainstNobody('anything')).toBe(false);
  });
});
