import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

/** QUALITY.md S13: scrypt N=2^17, r=8, p=1 (OWASP's recommended minimum). */
export const DEFAULT_SCRYPT_N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Bounds for parameters read back from a stored hash, so a tampered row cannot make us allocate gigabytes. */
const MAX_N = 2 ** 20;

export interface PasswordHasher {
  /** `scrypt$N$r$p$<salt b64>$<hash b64>` */
  hash(password: string): Promise<string>;
  /** Constant-time comparison; false for a malformed hash. */
  verify(password: string, encoded: string): Promise<boolean>;
  /** Spends the same time as `verify` and returns false: used when the user does not exist. */
  verifyAgainstNobody(password: string): Promise<false>;
}

export interface PasswordHasherOptions {
  /**
   * scrypt cost for new hashes. Default 2^17. Tests lower it explicitly to stay fast; production never
   * sets it (verification always uses the cost stored in the hash).
   */
  scryptN?: number | undefined;
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  // maxmem must exceed 128·N·r bytes (the scrypt working set): 128 MiB at N=2^17, r=8.
  const options: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function parse(encoded: string): { n: number; r: number; p: number; salt: Buffer; hash: Buffer } | null {
  const [scheme, n, r, p, salt, hash] = encoded.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return null;
  const params = { n: Number(n), r: Number(r), p: Number(p) };
  const powerOfTwo = Number.isInteger(params.n) && params.n > 1 && (params.n & (params.n - 1)) === 0;
  if (!powerOfTwo || params.n > MAX_N || !(params.r >= 1 && params.r <= 32) || !(params.p >= 1 && params.p <= 16)) return null;
  return { ...params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

export function createPasswordHasher(options: PasswordHasherOptions = {}): PasswordHasher {
  const n = options.scryptN ?? DEFAULT_SCRYPT_N;
  const hash = async (password: string): Promise<string> => {
    const salt = randomBytes(SALT_LENGTH);
    const key = await derive(password, salt, n, R, P);
    return ['scrypt', n, R, P, salt.toString('base64'), key.toString('base64')].join('$');
  };
  const verify = async (password: string, encoded: string): Promise<boolean> => {
    const parsed = parse(encoded);
    if (!parsed || parsed.hash.length !== KEY_LENGTH) return false;
    const key = await derive(password, parsed.salt, parsed.n, parsed.r, parsed.p);
    return timingSafeEqual(key, parsed.hash);
  };
  // Computed once per hasher (per app), lazily: no timing oracle between "no such user" and "wrong password".
  let nobody: Promise<string> | undefined;
  return {
    hash,
    verify,
    async verifyAgainstNobody(password) {
      nobody ??= hash(randomBytes(24).toString('base64'));
      await verify(password, await nobody);
      return false;
    },
  };
}
