import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';
import type { HashPriority, HashQueue } from './hash-queue.ts';

/** docs/quality.md S13: scrypt N=2^17, r=8, p=1 (OWASP's recommended minimum). */
export const DEFAULT_SCRYPT_N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Bounds for parameters read back from a stored hash, so a tampered row cannot make us allocate gigabytes. */
const MAX_N = 2 ** 20;

/**
 * With a `queue`, every derivation waits for a slot and may be refused with 503 (hash-queue.ts); `priority`
 * orders the waiting ones (default 1).
 */
export interface PasswordHasher {
  /** `scrypt$N$r$p$<salt b64>$<hash b64>` */
  hash(password: string, priority?: HashPriority): Promise<string>;
  /** Constant-time comparison; false for a malformed hash. */
  verify(password: string, encoded: string, priority?: HashPriority): Promise<boolean>;
  /** Spends the same time as `verify` and returns false: used when the user does not exist. */
  verifyAgainstNobody(password: string, priority?: HashPriority): Promise<false>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The process's one password hasher (its hash queue and cost), decorated by the identity plugin, so that
     * every derivation — login, self change, an administrator's create and reset — waits in the same queue.
     */
    passwordHasher: PasswordHasher;
  }
}

export interface PasswordHasherOptions {
  /**
   * scrypt cost for new hashes. Default 2^17. Tests lower it explicitly to stay fast; production never
   * sets it (verification always uses the cost stored in the hash).
   */
  scryptN?: number | undefined;
  /** Bounds concurrent derivations (the identity plugin's one queue per process). None: unbounded. */
  queue?: HashQueue | undefined;
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
  const { queue } = options;
  const run = (password: string, salt: Buffer, params: { n: number; r: number; p: number }, priority: HashPriority | undefined): Promise<Buffer> =>
    queue ? queue.run(() => derive(password, salt, params.n, params.r, params.p), priority) : derive(password, salt, params.n, params.r, params.p);
  const verify = async (password: string, encoded: string, priority?: HashPriority): Promise<boolean> => {
    const parsed = parse(encoded);
    if (!parsed || parsed.hash.length !== KEY_LENGTH) return false;
    const key = await run(password, parsed.salt, parsed, priority);
    return timingSafeEqual(key, parsed.hash);
  };
  // The stand-in for a user that does not exist: a well-formed hash at this hasher's cost, made of random
  // bytes (no password has it). Verifying against it costs exactly one derivation, from the first login on:
  // no timing oracle between "no such user" and "wrong password", and nothing to compute up front.
  const nobody = ['scrypt', n, R, P, randomBytes(SALT_LENGTH).toString('base64'), randomBytes(KEY_LENGTH).toString('base64')].join('$');
  return {
    async hash(password, priority) {
      const salt = randomBytes(SALT_LENGTH);
      const key = await run(password, salt, { n, r: R, p: P }, priority);
      return ['scrypt', n, R, P, salt.toString('base64'), key.toString('base64')].join('$');
    },
    verify,
    async verifyAgainstNobody(password, priority) {
      await verify(password, nobody, priority);
      return false;
    },
  };
}
