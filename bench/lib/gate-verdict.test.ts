// The regression gate fails on a ratio that crossed its bar by more than its noise, and only then (issue 19).
import { describe as group, expect, it } from 'vitest';
import { gateOutcome, p6CountsVerdict, type GateRow } from './gate-verdict.ts';
import { combine, verdictOf, type Bar } from './verdict.ts';

const AT_LEAST_09: Bar = { op: '≥', value: 0.9 };
const AT_MOST_2MS: Bar = { op: '≤', value: 2, unit: ' ms' };

group('verdictOf', () => {
  it('misses when every paired round is on the wrong side of the bar (a deliberately broken ratio)', () => {
    // e.g. P9 with the permission check made 40 % slower than the stub: checked ÷ stubbed ≈ 0.6 in every round
    const v = verdictOf([0.58, 0.61, 0.6, 0.62, 0.59, 0.6], AT_LEAST_09);
    expect(v.verdict).toBe('misses');
    expect(v.p75).toBeLessThan(0.9);
  });

  it('is inconclusive when the bar lies inside p25–p75, whatever side the median is on', () => {
    expect(verdictOf([0.8, 0.85, 0.88, 0.93, 0.95, 1.0], AT_LEAST_09).verdict).toBe('inconclusive (noise)');
    expect(verdictOf([0.8, 0.85, 0.92, 0.94, 0.95, 1.0], AT_LEAST_09).verdict).toBe('inconclusive (noise)');
  });

  it('meets when p25–p75 clears the bar', () => {
    expect(verdictOf([0.95, 0.97, 1.0, 1.02, 0.99], AT_LEAST_09).verdict).toBe('meets');
  });

  it('reads "at most" bars the other way round', () => {
    expect(verdictOf([8.1, 8.4, 7.9, 8.6], AT_MOST_2MS).verdict).toBe('misses');
    expect(verdictOf([0.2, 0.4, 0.3, 0.5], AT_MOST_2MS).verdict).toBe('meets');
    expect(verdictOf([1.0, 1.5, 2.5, 3.0], AT_MOST_2MS).verdict).toBe('inconclusive (noise)');
  });

  it('says nothing from fewer than three rounds: one bad window on an overloaded machine is no spread', () => {
    expect(verdictOf([], AT_LEAST_09).verdict).toBe('inconclusive (noise)');
    expect(verdictOf([0.09], AT_LEAST_09).verdict).toBe('inconclusive (noise)');
    expect(verdictOf([0.09, 0.1], AT_LEAST_09).verdict).toBe('inconclusive (noise)');
    expect(verdictOf([0.09, 0.1, 0.11], AT_LEAST_09).verdict).toBe('misses');
  });

  it('combines a row: any miss misses, then noise, then meets', () => {
    expect(combine([{ verdict: 'meets' }, { verdict: 'misses' }, { verdict: 'inconclusive (noise)' }])).toBe('misses');
    expect(combine([{ verdict: 'meets' }, { verdict: 'inconclusive (noise)' }])).toBe('inconclusive (noise)');
    expect(combine([{ verdict: 'meets' }, { verdict: 'meets' }])).toBe('meets');
  });
});

group('the gate', () => {
  const row = (id: string, verdict: GateRow['verdict']): GateRow => ({ id, figures: '…', verdict });

  it('fails (exit code 1) when a broken ratio misses its bar, naming the row', () => {
    const broken = verdictOf([0.58, 0.61, 0.6, 0.62], AT_LEAST_09).verdict;
    const outcome = gateOutcome([row('P4', 'meets'), row('P9', broken), row('P2', 'inconclusive (noise)')]);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.line).toContain('1 of 3 rows miss their bar (P9)');
  });

  it('passes when rows only sit within noise of their bar', () => {
    const outcome = gateOutcome([row('P4', 'meets'), row('P9', 'inconclusive (noise)')], 95);
    expect(outcome).toEqual({ exitCode: 0, line: 'benchmark gate: 2 rows, none misses its bar (1 inconclusive within noise) in 95 s' });
  });

  it('fails P6 when the mount cycles leave app trees or listeners behind', () => {
    // One detached customer-archive tree per cycle was 54 nodes and 5 listeners (p6-mount-cycles.ts).
    expect(p6CountsVerdict({ cycles: 40, shellNodesDelta: 54 * 40, shellListenersDelta: 0 })).toBe('misses');
    expect(p6CountsVerdict({ cycles: 40, shellNodesDelta: 0, shellListenersDelta: 5 * 40 })).toBe('misses');
    // One leaked listener per cycle, or a few nodes per cycle, is a leak; the end-state noise of a run is not.
    expect(p6CountsVerdict({ cycles: 40, shellNodesDelta: 0, shellListenersDelta: 40 })).toBe('misses');
    expect(p6CountsVerdict({ cycles: 40, shellNodesDelta: 3 * 40, shellListenersDelta: 0 })).toBe('misses');
    expect(p6CountsVerdict({ cycles: 40, shellNodesDelta: -49, shellListenersDelta: 0 })).toBe('meets');
    expect(p6CountsVerdict({ cycles: 40, shellNodesDelta: 39, shellListenersDelta: 3 })).toBe('meets');
  });
});

group('rounds without figures', () => {
  it('leaves NaN rounds out of the spread instead of scrambling it', () => {
    const v = verdictOf([Number.NaN, 0.6, 0.62, Number.NaN, 0.58], AT_LEAST_09);
    expect(v).toMatchObject({ n: 3, median: 0.6, verdict: 'misses' });
    expect(verdictOf([Number.NaN, 0.6, Number.NaN, 0.61], AT_LEAST_09)).toMatchObject({ n: 2, verdict: 'inconclusive (noise)' });
  });
});
