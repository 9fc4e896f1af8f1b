/** The 大屏's push between instances (ADR 0061): through Redis when REDIS_URL is set, in-process without. */
import { testRedisUrl } from '@wb/server-kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createScreenBus, type ScreenBus } from './screen-bus.ts';

const REDIS_URL = testRedisUrl();
const log = { warn: () => undefined };

describe('screen bus', () => {
  it('without Redis tells this instance’s screens, and only while subscribed', () => {
    const bus = createScreenBus(undefined, log);
    let heard = 0;
    const detach = bus.subscribe(() => heard++);
    bus.publish();
    detach();
    bus.publish();
    expect(heard).toBe(1);
  });

  describe.runIf(REDIS_URL !== undefined)('through Redis', () => {
    const buses: ScreenBus[] = [];
    afterAll(() => buses.forEach((b) => b.close()));

    it('a change on instance A reaches the screens of instance B (and A’s own, once)', async () => {
      const a = createScreenBus(REDIS_URL, log);
      const b = createScreenBus(REDIS_URL, log);
      buses.push(a, b);
      await Promise.all([a.ready(), b.ready()]);
      let onA = 0;
      let onB = 0;
      a.subscribe(() => onA++);
      b.subscribe(() => onB++);
      a.publish();
      await expect.poll(() => onB, { timeout: 5000 }).toBe(1);
      await expect.poll(() => onA, { timeout: 5000 }).toBe(1);
    });
  });
});
