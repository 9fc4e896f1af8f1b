/**
 * Refusals answered late to a client that ignores Retry-After (issue 9 item 4, ADR 0044).
 *
 * A refused login (429 or 503) says when to come back. A browser user reads the message and waits; a script
 * that asks again at once keeps the one event loop busy with refusals, and every real login's dozen awaits
 * queue behind them (P12: 690 refusals/s from 50 addresses made a real login take 4 s at the median). So the
 * first refusal an address gets is answered at once, and a refusal to an address that came back before its
 * Retry-After is answered only when that time has passed, at most `maxDelayMs` later. Holding an answer costs a
 * timer and the open socket, no CPU; a client that waits for its answer before asking again (as every HTTP
 * client does on one connection) is slowed to one attempt per `maxDelayMs`. At most `maxHeld` answers are held
 * at once, so an open-loop flood over many connections cannot pile up sockets here: past that, refusals are
 * answered at once again. Per process, in memory: it protects this process's event loop; the counts that decide
 * *whether* to refuse are shared (address-limits.ts, Redis when configured).
 */

export interface RefusalPacerOptions {
  /** Longest wait before a refusal is answered (LOGIN_REFUSAL_DELAY_MS); 0 answers every refusal at once. */
  maxDelayMs: number;
  /** Refusals held at once; more are answered at once. */
  maxHeld?: number;
  /** Addresses remembered; the least recently refused are forgotten first. */
  maxAddresses?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RefusalPacer {
  /**
   * Called before a refusal with `retryAfterSeconds` is sent to `address`: resolves at once for the address's
   * first refusal, or when the Retry-After of its previous refusal has passed (capped by `maxDelayMs`).
   */
  beforeRefusal(address: string, retryAfterSeconds: number): Promise<void>;
  /** Refusals being held now (for tests and metrics). */
  readonly held: number;
}

const DEFAULT_MAX_HELD = 1000;
const DEFAULT_MAX_ADDRESSES = 50_000;

export function createRefusalPacer(options: RefusalPacerOptions): RefusalPacer {
  const { maxDelayMs } = options;
  const maxHeld = options.maxHeld ?? DEFAULT_MAX_HELD;
  const maxAddresses = options.maxAddresses ?? DEFAULT_MAX_ADDRESSES;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  /** Address → when (ms) its last refusal said it may come back. Insertion order = least recently refused first. */
  const comeBackAt = new Map<string, number>();
  let held = 0;

  const remember = (address: string, at: number): void => {
    comeBackAt.delete(address);
    if (comeBackAt.size >= maxAddresses) {
      const oldest = comeBackAt.keys().next();
      if (!oldest.done) comeBackAt.delete(oldest.value);
    }
    comeBackAt.set(address, at);
  };

  return {
    get held() {
      return held;
    },
    async beforeRefusal(address, retryAfterSeconds) {
      const early = (comeBackAt.get(address) ?? 0) - now();
      if (maxDelayMs > 0 && early > 0 && held < maxHeld) {
        held += 1;
        try {
          await sleep(Math.min(early, maxDelayMs));
        } finally {
          held -= 1;
        }
      }
      remember(address, now() + Math.max(0, retryAfterSeconds) * 1000);
    },
  };
}
