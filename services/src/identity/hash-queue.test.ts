import { describe, expect, it } from 'vitest';
import { createHashQueue } from './hash-queue.ts';

/** A job that runs until released, so the test decides when a slot frees up (no timing). */
function gate(): { job: () => Promise<string>; release: (value: string) => void; started: () => boolean } {
  let release: (value: string) => void = () => undefined;
  let started = false;
  const done = new Promise<string>((resolve) => {
    release = resolve;
  });
  return {
    job: () => {
      started = true;
      return done;
    },
    release: (value) => release(value),
    started: () => started,
  };
}

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: { statusCode: number; code: string; headers?: Record<string, string> } }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: error as { statusCode: number; code: string; headers?: Record<string, string> } };
  }
}

describe('hash queue', () => {
  it('runs at most `concurrency` jobs and refuses beyond `maxQueued` at once with 503 + Retry-After', async () => {
    const queue = createHashQueue({ concurrency: 1, maxQueued: 2 });
    const gates = [gate(), gate(), gate()];
    const results = gates.map((g) => queue.run(g.job, 1));
    expect(queue.stats()).toEqual({ running: 1, queued: 2 });
    expect(gates.map((g) => g.started())).toEqual([true, false, false]);
    // The overflow is answered while every slot is still held: no waiting, no memory piling up.
    const overflow = await settle(queue.run(async () => 'never', 1));
    expect(overflow.error).toMatchObject({ statusCode: 503, code: 'WB_ERR_SERVICE_UNAVAILABLE' });
    expect(queue.refusal(1)).toMatchObject({ statusCode: 503 });
    // A better priority would take the place of a waiting job.
    expect(queue.refusal(0)).toBeNull();
    expect(Number(overflow.error?.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
    gates[0]!.release('a');
    expect(await results[0]).toBe('a');
    await Promise.resolve();
    expect(gates[1]!.started()).toBe(true);
    gates[1]!.release('b');
    gates[2]!.release('c');
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(queue.stats()).toEqual({ running: 0, queued: 0 });
  });

  it('runs better priorities first, and a better newcomer takes the place of the worst when full', async () => {
    const queue = createHashQueue({ concurrency: 1, maxQueued: 2 });
    const order: string[] = [];
    const blocker = gate();
    const first = queue.run(blocker.job, 1);
    const job = (name: string) => async (): Promise<string> => {
      order.push(name);
      return name;
    };
    const suspicious1 = settle(queue.run(job('suspicious-1'), 2));
    const suspicious2 = settle(queue.run(job('suspicious-2'), 2));
    expect(queue.refusal(2)).toMatchObject({ statusCode: 503 });
    expect(queue.refusal(0)).toBeNull();
    const known = settle(queue.run(job('known'), 0));
    // The newest of the worst priority made way for the known address.
    expect((await suspicious2).error).toMatchObject({ statusCode: 503 });
    // A newcomer no better than the worst waiting job is refused itself.
    expect((await settle(queue.run(job('another'), 2))).error).toMatchObject({ statusCode: 503 });
    blocker.release('blocker');
    await first;
    expect((await known).value).toBe('known');
    expect((await suspicious1).value).toBe('suspicious-1');
    expect(order).toEqual(['known', 'suspicious-1']);
  });

  it('keeps one of two slots for priority 0: a flood of others never makes a known address wait for a slot', async () => {
    const queue = createHashQueue({ concurrency: 2, maxQueued: 4 });
    const flood = [gate(), gate()];
    const floodResults = flood.map((g) => queue.run(g.job, 2));
    expect(flood.map((g) => g.started())).toEqual([true, false]);
    const known = gate();
    const knownResult = queue.run(known.job, 0);
    expect(known.started()).toBe(true);
    expect(queue.stats()).toEqual({ running: 2, queued: 1 });
    known.release('known');
    expect(await knownResult).toBe('known');
    flood[0]!.release('f1');
    await floodResults[0];
    await Promise.resolve();
    expect(flood[1]!.started()).toBe(true);
    flood[1]!.release('f2');
    expect(await Promise.all(floodResults)).toEqual(['f1', 'f2']);
  });

  it('frees the slot when a job fails', async () => {
    const queue = createHashQueue({ concurrency: 1, maxQueued: 0 });
    await expect(queue.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run(async () => 'ok')).toBe('ok');
  });
});
