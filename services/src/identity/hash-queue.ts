/**
 * A bounded priority queue for password hashing (issue 9 item 4, ADR 0018). One scrypt at N=2^17 takes
 * ~0.45 s of one core and 128 MiB: run unbounded, a burst of logins took every request down with it (24 s
 * for a real login, RSS doubled). Here at most `concurrency` derivations run at once and at most `maxQueued`
 * wait; anything more is refused at once with 503 + Retry-After, so memory and latency stay bounded.
 *
 * Waiting jobs run best priority first (0 before 1 before 2), oldest first within a priority. When the queue
 * is full, a newcomer with a better priority takes the place of the newest job of the worst priority (that
 * one gets the 503). With two or more slots, one is kept for priority 0 (the login of an account at an
 * address it signed in from before): a flood of other attempts never makes such a login wait for a slot.
 */
import { ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';

/** Lower runs first. Login: 0 known address of the account, 1 address without recent failures, 2 others. */
export type HashPriority = 0 | 1 | 2;

export interface HashQueueOptions {
  /** Derivations running at once. Default 2 (one per core of the reference machine). */
  concurrency?: number;
  /** Jobs allowed to wait; more are refused with 503. Default 16. */
  maxQueued?: number;
  /** Slots only priority 0 may use. Default 1 when `concurrency` ≥ 2, else 0. */
  reserved?: number;
}

export interface HashQueueStats {
  running: number;
  queued: number;
}

export interface HashQueue {
  /** Runs `job` when a slot is free; rejects with a 503 `AppError` (Retry-After) when the queue is full. */
  run<T>(job: () => Promise<T>, priority?: HashPriority): Promise<T>;
  /**
   * The 503 that `run` would answer a job of this priority now, or null when it would take it: lets a caller
   * refuse before doing any other work for a job that cannot get in.
   */
  refusal(priority: HashPriority): AppError | null;
  stats(): HashQueueStats;
}

interface Waiting {
  priority: HashPriority;
  seq: number;
  start(): void;
  refuse(error: AppError): void;
}

/** First guess of one derivation's duration before any has been measured (scrypt 2^17 on one core). */
const INITIAL_ESTIMATE_MS = 500;

export function createHashQueue(options: HashQueueOptions = {}): HashQueue {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const maxQueued = Math.max(0, options.maxQueued ?? 16);
  const reserved = Math.min(concurrency - 1, Math.max(0, options.reserved ?? (concurrency >= 2 ? 1 : 0)));
  const waiting: Waiting[] = [];
  let running = 0;
  /** Running jobs of priority 1 and 2, which may not take the reserved slots. */
  let runningOthers = 0;
  let seq = 0;
  let averageMs = INITIAL_ESTIMATE_MS;

  const full = (): AppError => {
    // When a place is likely to be free: the work ahead of a newcomer, spread over the slots.
    const seconds = Math.max(1, Math.ceil(((waiting.length + running) * averageMs) / concurrency / 1000));
    return new AppError(503, ErrorCode.ServiceUnavailable, `登录人数过多，请 ${seconds} 秒后再试`, undefined, {
      headers: { 'retry-after': String(seconds) },
    });
  };

  const canStart = (priority: HashPriority): boolean =>
    running < concurrency && (priority === 0 || runningOthers < concurrency - reserved);

  const next = (): void => {
    // Sorted best first: when the head may not start, nothing behind it may either.
    while (waiting[0] && canStart(waiting[0].priority)) waiting.shift()?.start();
  };

  const insert = (entry: Waiting): void => {
    // Sorted by (priority, seq); the queue is small, a linear scan is enough.
    const at = waiting.findIndex((w) => w.priority > entry.priority);
    if (at === -1) waiting.push(entry);
    else waiting.splice(at, 0, entry);
  };

  return {
    run(job, priority = 1) {
      return new Promise((resolve, reject) => {
        const entry: Waiting = {
          priority,
          seq: seq++,
          start() {
            running += 1;
            if (priority !== 0) runningOthers += 1;
            const began = performance.now();
            job()
              .then(resolve, reject)
              .finally(() => {
                averageMs = averageMs * 0.8 + (performance.now() - began) * 0.2;
                running -= 1;
                if (priority !== 0) runningOthers -= 1;
                next();
              });
          },
          refuse: reject,
        };
        const head = waiting[0];
        if (canStart(priority) && (!head || head.priority > priority)) {
          entry.start();
        } else if (waiting.length < maxQueued) {
          insert(entry);
        } else {
          const worst = waiting.at(-1);
          if (!worst || worst.priority <= priority) {
            reject(full());
          } else {
            waiting.pop();
            worst.refuse(full());
            insert(entry);
          }
        }
      });
    },
    refusal(priority) {
      const head = waiting[0];
      if (canStart(priority) && (!head || head.priority > priority)) return null;
      if (waiting.length < maxQueued) return null;
      const worst = waiting.at(-1);
      return worst && worst.priority > priority ? null : full();
    },
    stats: () => ({ running, queued: waiting.length }),
  };
}
