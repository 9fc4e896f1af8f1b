/**
 * ADR 0044: a refusal to an address that asks again before its Retry-After is answered late; the first one,
 * other addresses' and those past the cap on held answers are answered at once.
 */
import { describe, expect, it } from 'vitest';
import { createRefusalPacer } from './refusal-pacer.ts';

function clockAndSleeps(): { now: () => number; advance: (ms: number) => void; slept: number[]; sleep: (ms: number) => Promise<void> } {
  let t = 1_000_000;
  const slept: number[] = [];
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    slept,
    sleep: (ms) => {
      slept.push(ms);
      t += ms;
      return Promise.resolve();
    },
  };
}

describe('refusal pacer', () => {
  it('answers the first refusal at once and a too-early one when its Retry-After has passed, capped', async () => {
    const c = clockAndSleeps();
    const pacer = createRefusalPacer({ maxDelayMs: 2000, now: c.now, sleep: c.sleep });
    await pacer.beforeRefusal('198.51.100.1', 1);
    expect(c.slept).toEqual([]);
    c.advance(300);
    await pacer.beforeRefusal('198.51.100.1', 30); // came back 0.3 s into a 1 s Retry-After
    expect(c.slept).toEqual([700]);
    await pacer.beforeRefusal('198.51.100.1', 30); // now told 30 s: held for the cap only
    expect(c.slept).toEqual([700, 2000]);
  });

  it('does not hold an address that waited, nor another address', async () => {
    const c = clockAndSleeps();
    const pacer = createRefusalPacer({ maxDelayMs: 2000, now: c.now, sleep: c.sleep });
    await pacer.beforeRefusal('198.51.100.1', 5);
    await pacer.beforeRefusal('198.51.100.2', 5);
    c.advance(5000);
    await pacer.beforeRefusal('198.51.100.1', 5);
    expect(c.slept).toEqual([]);
  });

  it('holds at most maxHeld answers at once and never with a delay of 0', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pacer = createRefusalPacer({ maxDelayMs: 2000, maxHeld: 2, sleep: () => gate });
    await pacer.beforeRefusal('198.51.100.1', 60);
    const held = [pacer.beforeRefusal('198.51.100.1', 60), pacer.beforeRefusal('198.51.100.1', 60)];
    expect(pacer.held).toBe(2);
    let third = false;
    await pacer.beforeRefusal('198.51.100.1', 60).then(() => (third = true));
    expect(third).toBe(true);
    release();
    await Promise.all(held);
    expect(pacer.held).toBe(0);

    const off = createRefusalPacer({ maxDelayMs: 0, sleep: () => new Promise(() => undefined) });
    await off.beforeRefusal('198.51.100.1', 60);
    await off.beforeRefusal('198.51.100.1', 60); // would never resolve if it slept
  });

  it('forgets the least recently refused address first', async () => {
    const c = clockAndSleeps();
    const pacer = createRefusalPacer({ maxDelayMs: 2000, maxAddresses: 2, now: c.now, sleep: c.sleep });
    await pacer.beforeRefusal('a', 60);
    await pacer.beforeRefusal('b', 60);
    await pacer.beforeRefusal('c', 60); // forgets a
    await pacer.beforeRefusal('a', 60);
    expect(c.slept).toEqual([]);
    await pacer.beforeRefusal('c', 60);
    expect(c.slept).toEqual([2000]);
  });
});
