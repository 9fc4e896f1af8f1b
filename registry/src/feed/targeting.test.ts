import { describe, expect, it } from 'vitest';
import type { Rollout } from '@wb/contracts/appstore';
import { makePost, makePrincipal } from '../testing.ts';
import { hiddenBy, inRollout, stickyBucket } from './targeting.ts';

const rollout = (r: Partial<Rollout>): Rollout => ({ version: '2.0.0', orgUnitCodes: [], postCodes: [], percent: 0, updatedBy: 'x', updatedAt: '', ...r });
const none = { hiddenOrgUnitCodes: [], hiddenPostCodes: [] };

describe('rollout targeting', () => {
  it('buckets a user per app stably and spreads users evenly', () => {
    expect(stickyBucket('u-1', 'app')).toBe(stickyBucket('u-1', 'app'));
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const b = stickyBucket(`user-${i}`, 'app');
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(100);
      counts[Math.floor(b / 10)]! += 1;
    }
    for (const c of counts) expect(c).toBeGreaterThan(850); // ~1000 per decile
    const moved = Array.from({ length: 1000 }, (_, i) => stickyBucket(`user-${i}`, 'a') !== stickyBucket(`user-${i}`, 'b')).filter(Boolean);
    expect(moved.length).toBeGreaterThan(900); // apps spread a user differently
  });

  it('targets by unit path, active post unit, post, and percentage (OR)', () => {
    const user = makePrincipal({ userId: 'u-7', orgUnitCode: '334010101', orgUnitPath: '/33401/3340101/334010101' });
    expect(inRollout(rollout({ orgUnitCodes: ['3340101'] }), user, 'app')).toBe(true);
    expect(inRollout(rollout({ orgUnitCodes: ['3340180'] }), user, 'app')).toBe(false);
    const post = makePost('YK_SURVEY', '3340180');
    const withPost = makePrincipal({ ...user, posts: [post], activePost: post, permissions: [] });
    expect(inRollout(rollout({ orgUnitCodes: ['3340180'] }), withPost, 'app')).toBe(true);
    expect(inRollout(rollout({ postCodes: ['YK_SURVEY'] }), withPost, 'app')).toBe(true);
    expect(inRollout(rollout({ postCodes: ['KF_AGENT'] }), withPost, 'app')).toBe(false);
    const bucket = stickyBucket('u-7', 'app');
    expect(inRollout(rollout({ percent: bucket + 1 }), user, 'app')).toBe(true);
    expect(inRollout(rollout({ percent: bucket }), user, 'app')).toBe(false);
    expect(inRollout(rollout({ percent: 100 }), user, 'app')).toBe(true);
  });

  it('visibility overrides hide by unit or post and nothing else', () => {
    const post = makePost('KF_AGENT', '3340180');
    const user = makePrincipal({ orgUnitCode: '3340180', orgUnitPath: '/33401/3340180', posts: [post], activePost: post });
    expect(hiddenBy(none, user)).toBe(false);
    expect(hiddenBy({ hiddenOrgUnitCodes: ['33401'], hiddenPostCodes: [] }, user)).toBe(true);
    expect(hiddenBy({ hiddenOrgUnitCodes: ['3340101'], hiddenPostCodes: [] }, user)).toBe(false);
    expect(hiddenBy({ hiddenOrgUnitCodes: [], hiddenPostCodes: ['KF_AGENT'] }, user)).toBe(true);
  });
});
