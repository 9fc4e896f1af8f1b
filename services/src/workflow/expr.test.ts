import { describe, expect, it } from 'vitest';
import { ExprError, evaluate, parseExpr } from './expr.ts';

const run = (src: string, vars: Record<string, unknown> = {}): boolean => evaluate(parseExpr(src), vars);

describe('gateway conditions in FEEL (`=` prefix, as Camunda 8 writes them)', () => {
  it('compares strings, numbers and booleans over variables and the outcome', () => {
    expect(run('=outcome = "pass"', { outcome: 'pass' })).toBe(true);
    expect(run('=outcome = "pass"', { outcome: 'reject' })).toBe(false);
    expect(run('=outcome != "pass"', { outcome: 'reject' })).toBe(true);
    expect(run('=capacity > 100 and capacity <= 315', { capacity: 250 })).toBe(true);
    expect(run('=capacity > 100', { capacity: 80 })).toBe(false);
    expect(run('=dual or apply.level = 2', { dual: false, apply: { level: 2 } })).toBe(true);
    expect(run('=not(a or b)', { a: false, b: false })).toBe(true);
    expect(run('=outcome in ["pass", "accept"]', { outcome: 'accept' })).toBe(true);
    expect(run('=用电类别 = "高压"', { 用电类别: '高压' })).toBe(true);
    expect(run('  =outcome = "pass"', { outcome: 'pass' })).toBe(true);
  });

  it('takes a flow only when the expression is true: a missing variable (null) or a non-boolean is not', () => {
    expect(run('=outcome = "pass"', {})).toBe(false);
    expect(run('=capacity > 100', {})).toBe(false);
    expect(run('=capacity', { capacity: 250 })).toBe(false);
    expect(run('=missing = null', {})).toBe(true);
  });

  it('never reaches outside the variables', () => {
    expect(run('=a.constructor.name = "Object"', { a: {} })).toBe(false);
    expect(run('=a.__proto__ = null', { a: {} })).toBe(true);
  });

  it('reports syntax errors in Chinese when the definition is deployed', () => {
    for (const bad of ['=', '=outcome =', '=outcome = "pass', '=(a = 1', '=a and']) {
      expect(() => parseExpr(bad), bad).toThrow(ExprError);
    }
    expect(() => parseExpr('=outcome =')).toThrow(/FEEL 表达式语法错误/);
    expect(() => parseExpr(`=${'x'.repeat(600)}`)).toThrow('过长');
  });
});

describe('gateway condition language (legacy, without `=`)', () => {
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

  it('binds and tighter than or, both left-associative', () => {
    expect(run('a || b && c', { a: true, b: false, c: false })).toBe(true);
    expect(run('a and b or c', { a: false, b: true, c: true })).toBe(true);
    const v = (name: string) => ({ t: 'var', path: [name] });
    expect(parseExpr('a or b and c or d')).toEqual({ t: 'or', l: { t: 'or', l: v('a'), r: { t: 'and', l: v('b'), r: v('c') } }, r: v('d') });
    expect(parseExpr('a && b && c')).toEqual({ t: 'and', l: { t: 'and', l: v('a'), r: v('b') }, r: v('c') });
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
