/**
 * The condition languages of exclusive-gateway flows (ADR 0032).
 *
 * **FEEL** (the BPMN/DMN standard, evaluated by feelin from bpmn.io): a condition that starts with `=`, as in
 * Camunda 8 — `<conditionExpression>=outcome = "pass"</conditionExpression>`. Definitions written this way run
 * unchanged on Camunda-family engines. The flow is taken only when the expression is `true` (FEEL's `null`, e.g.
 * for a missing variable, is not true). The seeded definitions use it, and a deploy accepts nothing else
 * (`parseBpmn` refuses a condition without `=`, naming the flow; ADR 0036).
 *
 * **Legacy** (everything else): evaluated only for versions deployed before FEEL became the one language, whose
 * stored models still hold such conditions and whose instances may still be running. A tiny, safe language —
 * parsed into a tree and interpreted; never `eval` / `new Function`:
 *
 *   expr    := or
 *   or      := and (('||' | 'or') and)*
 *   and     := unary (('&&' | 'and') unary)*
 *   unary   := ('!' | 'not') unary | compare
 *   compare := value (('==' | '!=' | '>' | '>=' | '<' | '<=') value)?
 *   value   := number | 'string' | "string" | true | false | null | name('.' name)* | '(' expr ')'
 *
 * Names read instance variables (`capacity`, `apply.voltage`); `outcome` is the outcome of the task just
 * completed. A missing name is `null`. Comparisons of numbers with numeric strings compare numerically.
 */
import { evaluate as evaluateFeel, parseExpression as parseFeel } from 'feelin';

export type Expr =
  | { t: 'feel'; src: string }
  | { t: 'lit'; v: string | number | boolean | null }
  | { t: 'var'; path: string[] }
  | { t: 'not'; e: Expr }
  | { t: 'and' | 'or'; l: Expr; r: Expr }
  | { t: 'cmp'; op: '==' | '!=' | '>' | '>=' | '<' | '<='; l: Expr; r: Expr };

export class ExprError extends Error {}

type Token = { k: 'num'; v: number } | { k: 'str'; v: string } | { k: 'id'; v: string } | { k: 'op'; v: string };

const MAX_LENGTH = 500;

function tokenize(src: string): Token[] {
  if (src.length > MAX_LENGTH) throw new ExprError('条件表达式过长');
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '>=', '<=', '&&', '||'].includes(two)) {
      out.push({ k: 'op', v: two });
      i += 2;
      continue;
    }
    if ('()<>!.'.includes(c)) {
      out.push({ k: 'op', v: c });
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new ExprError('字符串缺少结束引号');
      out.push({ k: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num && (c !== '-' || out.length === 0 || out[out.length - 1]?.k === 'op')) {
      out.push({ k: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_\u4e00-\u9fa5][\w\u4e00-\u9fa5]*/.exec(src.slice(i));
    if (id) {
      out.push({ k: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    throw new ExprError(`无法识别的字符「${c}」`);
  }
  return out;
}

/** FEEL sources already checked: a gateway re-reads its conditions at every pass. */
const checkedFeel = new Set<string>();

/** Checks a FEEL expression's syntax (feelin's parser marks errors in the tree instead of throwing). */
function parseFeelExpr(src: string): Expr {
  if (src.length > MAX_LENGTH) throw new ExprError('条件表达式过长');
  if (src.trim() === '') throw new ExprError('条件表达式为空');
  if (!checkedFeel.has(src)) {
    let error: { from: number } | null = null;
    try {
      parseFeel(src, {}, undefined).iterate({
        enter(node) {
          if (node.type.isError && !error) error = { from: node.from };
        },
      });
    } catch {
      error = { from: 0 };
    }
    if (error) throw new ExprError(`FEEL 表达式语法错误（第 ${(error as { from: number }).from + 1} 个字符附近）`);
    if (checkedFeel.size >= 1000) checkedFeel.clear();
    checkedFeel.add(src);
  }
  return { t: 'feel', src };
}

/** Parses a condition (`=` + FEEL, or the legacy language); throws ExprError with a Chinese message on a syntax error. */
export function parseExpr(src: string): Expr {
  const trimmed = src.trimStart();
  if (trimmed.startsWith('=')) return parseFeelExpr(trimmed.slice(1));
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (...ops: string[]): boolean => {
    const t = peek();
    return !!t && ((t.k === 'op' && ops.includes(t.v)) || (t.k === 'id' && ops.includes(t.v)));
  };
  const expectOp = (op: string): void => {
    if (!isOp(op)) throw new ExprError(`缺少「${op}」`);
    pos++;
  };

  function value(): Expr {
    const t = peek();
    if (!t) throw new ExprError('表达式不完整');
    pos++;
    if (t.k === 'num') return { t: 'lit', v: t.v };
    if (t.k === 'str') return { t: 'lit', v: t.v };
    if (t.k === 'op' && t.v === '(') {
      const e = or();
      expectOp(')');
      return e;
    }
    if (t.k === 'id') {
      if (t.v === 'true' || t.v === 'false') return { t: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { t: 'lit', v: null };
      if (['and', 'or', 'not'].includes(t.v)) throw new ExprError(`「${t.v}」的位置不正确`);
      const path = [t.v];
      while (isOp('.')) {
        pos++;
        const next = peek();
        if (next?.k !== 'id') throw new ExprError('「.」后缺少变量名');
        pos++;
        path.push(next.v);
      }
      return { t: 'var', path };
    }
    throw new ExprError(`「${t.v}」的位置不正确`);
  }
  function compare(): Expr {
    const l = value();
    const t = peek();
    if (t?.k === 'op' && ['==', '!=', '>', '>=', '<', '<='].includes(t.v)) {
      pos++;
      return { t: 'cmp', op: t.v as '==', l, r: value() };
    }
    return l;
  }
  function unary(): Expr {
    if (isOp('!', 'not')) {
      pos++;
      return { t: 'not', e: unary() };
    }
    return compare();
  }
  /** `operand (op operand)*`, left-associative: the `and` and `or` levels of the grammar above. */
  function chain(t: 'and' | 'or', ops: readonly [string, string], operand: () => Expr): Expr {
    let l = operand();
    while (isOp(...ops)) {
      pos++;
      l = { t, l, r: operand() };
    }
    return l;
  }
  const and = (): Expr => chain('and', ['&&', 'and'], unary);
  const or = (): Expr => chain('or', ['||', 'or'], and);
  if (tokens.length === 0) throw new ExprError('条件表达式为空');
  const e = or();
  if (pos < tokens.length) throw new ExprError(`多余的内容「${String(tokens[pos]?.v)}」`);
  return e;
}

function lookup(vars: Record<string, unknown>, path: string[]): unknown {
  let cur: unknown = vars;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return null;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur ?? null;
}

function evalValue(e: Expr, vars: Record<string, unknown>): unknown {
  switch (e.t) {
    case 'feel':
      return evaluateFeel(e.src, vars).value === true;
    case 'lit':
      return e.v;
    case 'var':
      return lookup(vars, e.path);
    case 'not':
      return !truthy(evalValue(e.e, vars));
    case 'and':
      return truthy(evalValue(e.l, vars)) && truthy(evalValue(e.r, vars));
    case 'or':
      return truthy(evalValue(e.l, vars)) || truthy(evalValue(e.r, vars));
    case 'cmp':
      return compareValues(e.op, evalValue(e.l, vars), evalValue(e.r, vars));
  }
}

function truthy(v: unknown): boolean {
  return v !== null && v !== undefined && v !== false && v !== 0 && v !== '';
}

function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function compareValues(op: string, l: unknown, r: unknown): boolean {
  const ln = asNumber(l);
  const rn = asNumber(r);
  const numeric = ln !== null && rn !== null && (typeof l === 'number' || typeof r === 'number');
  if (op === '==' || op === '!=') {
    const eq = numeric ? ln === rn : l === r || (l == null && r == null);
    return op === '==' ? eq : !eq;
  }
  if (ln !== null && rn !== null) {
    return op === '>' ? ln > rn : op === '>=' ? ln >= rn : op === '<' ? ln < rn : ln <= rn;
  }
  if (typeof l === 'string' && typeof r === 'string') {
    return op === '>' ? l > r : op === '>=' ? l >= r : op === '<' ? l < r : l <= r;
  }
  return false;
}

/** Evaluates a parsed condition over the variables (and `outcome`). */
export function evaluate(e: Expr, vars: Record<string, unknown>): boolean {
  return truthy(evalValue(e, vars));
}
