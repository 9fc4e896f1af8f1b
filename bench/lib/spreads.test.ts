// The load benchmarks' spreads (issue 19, ADR 0103): P11's stretches of a window, failures that miss, P11's row verdict.
import { describe as group, expect, it } from 'vitest';
import { headlineOf } from './history.ts';
import { describeSpread, failing, largestNVerdict, p99PerSlice, pairedRatios } from './spreads.ts';
import { describe, spreadOf, verdictOf } from './verdict.ts';

group('p99PerSlice', () => {
  it('gives each equal stretch of the window its own p99, by when the requests started', () => {
    // 4 s window, 2 stretches: the first 2 s fast, the second slow.
    const fast = Array.from({ length: 100 }, (_, i) => ({ at: i * 19, ms: 10 + (i % 5) }));
    const slow = Array.from({ length: 100 }, (_, i) => ({ at: 2000 + i * 19, ms: 300 + (i % 7) }));
    expect(p99PerSlice([...slow, ...fast], 4000, 2)).toEqual([14, 306]);
  });

  it('puts a request started at the very end into the last stretch, and leaves an empty stretch without a figure', () => {
    const slices = p99PerSlice([{ at: 0, ms: 5 }, { at: 3000, ms: 7 }], 3000, 3);
    expect(slices[0]).toBe(5);
    expect(slices[1]).toBeNaN();
    expect(slices[2]).toBe(7);
    expect(spreadOf(slices).n).toBe(2);
  });
});

group('failing', () => {
  it('turns any verdict into a miss when something failed, and keeps the figures', () => {
    const fast = verdictOf([120, 130, 125, 110], { op: '≤', value: 200, unit: ' ms' });
    expect(fast.verdict).toBe('meets');
    expect(failing(fast, 0)).toEqual(fast);
    expect(failing(fast, 3)).toEqual({ ...fast, verdict: 'misses' });
  });
});

group('pairedRatios', () => {
  it('divides round by round, over the rounds both sides have', () => {
    expect(pairedRatios([2, 3, 4], [1, 2])).toEqual([2, 1.5]);
  });
});

group('largestNVerdict (P11)', () => {
  it('needs both the comparison at N and the search to reach the goal', () => {
    expect(largestNVerdict({ verdict: 'meets' }, 2000, 2000, 2000)).toBe('meets');
    expect(largestNVerdict({ verdict: 'misses' }, 2000, 2000, 2000)).toBe('misses');
    expect(largestNVerdict({ verdict: 'inconclusive (noise)' }, 2000, 4000, 2000)).toBe('inconclusive (noise)');
  });

  it('calls a search that fell short while the comparison at the goal met noise, not a miss', () => {
    expect(largestNVerdict({ verdict: 'meets' }, 2000, 1500, 2000)).toBe('inconclusive (noise)');
  });

  it('misses when the search fell short and the comparison says nothing against it', () => {
    expect(largestNVerdict({ verdict: 'inconclusive (noise)' }, 2000, 500, 2000)).toBe('misses');
    // A comparison below the goal (a short or a custom run) leaves the goal to the search.
    expect(largestNVerdict({ verdict: 'meets' }, 40, 80, 2000)).toBe('misses');
  });
});

group('wording', () => {
  it('words a spread without a bar like one with a bar', () => {
    expect(describeSpread({ p25: 0.98, median: 1.02, p75: 1.1, n: 5 })).toBe('1.02× (p25–p75 0.98–1.10, n 5, no bar)');
  });

  it("shortens a row's bold spread to its history headline, also for times and with words before it", () => {
    const p99 = verdictOf([626, 590, 700, 640, 610], { op: '≤', value: 1500, unit: ' ms' });
    expect(headlineOf(`real logins, p99 per round **${describe(p99, 0)}**; pooled …`)).toBe('626 ms [610–640]');
    expect(headlineOf('ratio **1.28× (p25–p75 1.20–1.31, n 12; target ≤ 1.5×) meets**')).toBe('1.28× [1.20–1.31]');
    expect(headlineOf('**largest N: 500** (goal 2000)')).toBe('largest N: 500');
  });
});
