import { describe, expect, it } from 'vitest';
import { ExprError, evaluate, parseExpr } from './expr.ts';

const run = (src: string, vars: Record<string, unknown> = {}): boolean => evaluate(parseExpr(src), vars);

describe('gateway condition language', () => {
  it('compares strings, numbers and booleans over variables and the outcome', () => {
    expect(run("outcome == 'pass'", { outcome: 'pass' })).toBe(true);
    expect(run("outcome != 'pass'", { outcome: 'pass' })).toBe(false);
    expect(run('capacity > 100', { capacity: 250 })).toBe(true);
    expect(run('capacity > 100', { capacity: '80' })).toBe(false);
    expect(run('capacity >= 100 && capacity < 315', { capacity: 100 })).toBe(true);
    expect(run(`voltage == "10kV"`, { voltage: '10kV' })).toBe(true);
    expect(run('dual == true or apply.level == 2', { dual: false, apply: { level: 2 } })).toBe(true);
    expect(run('not (a || b)', { a: false, b: 0 })).toBe(true);
    expect(run('!missing')).toBe(true);
    expect(run('missing == null')).toBe(true);
    expect(run('x > -5', { x: -1 })).toBe(true);
    expect(run('用电类别 == \'高压\'', { 用电类别: '高压' })).toBe(true);
  });

  it('never reaches outside the variables (no eval, no prototype walk)', () => {
    expect(run('constructor == null', {})).toBe(true);
    expect(run('a.constructor.name == "Object"', { a: {} })).toBe(false);
    expect(run('__proto__ == null', {})).toBe(true);
  });

  it('reports syntax errors in Chinese', () => {
    for (const bad of ['', 'a ==', "a == 'x", 'a b', 'a(1)', 'a === 1', 'a + 1', '(a == 1']) {
      expect(() => parseExpr(bad), bad).toThrow(ExprError);
    }
    expect(() => parseExpr('x'.repeat(600))).toThrow('过长');
  });
});
