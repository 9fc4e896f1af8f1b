/**
 * The rules of the password policy a browser can know too (docs/quality.md S13, ADR 0017): length, character
 * classes and the username. The server applies them with its configured numbers (PASSWORD_MIN_LENGTH,
 * PASSWORD_MIN_CLASSES) plus its list of common passwords; the msw mocks apply the defaults, so a micro-app
 * run alone sees the same messages as against the server.
 */
export interface PasswordRules {
  /** Characters (Unicode code points), default 8. */
  minLength: number;
  /** How many of upper case, lower case, digit and symbol, default 3. */
  minClasses: number;
}

export const DEFAULT_PASSWORD_RULES: Readonly<PasswordRules> = Object.freeze({ minLength: 8, minClasses: 3 });

/** The character classes, in the order messages name them. Anything not a letter or digit counts as a symbol. */
const CLASSES: ReadonlyArray<{ name: string; test: RegExp }> = [
  { name: '大写字母', test: /\p{Lu}/u },
  { name: '小写字母', test: /\p{Ll}/u },
  { name: '数字', test: /\p{Nd}/u },
  { name: '符号', test: /[^\p{Lu}\p{Ll}\p{Nd}]/u },
];

function lengthProblem(password: string, minLength: number): string | null {
  const length = [...password].length;
  return length < minLength ? `至少 ${minLength} 个字符（当前 ${length} 个）` : null;
}

function classProblem(password: string, minClasses: number): string | null {
  const present = CLASSES.filter((c) => c.test.test(password)).map((c) => c.name);
  if (present.length >= minClasses) return null;
  const current = present.length > 0 ? `当前只有${present.join('、')}` : '当前没有';
  return `须包含${CLASSES.map((c) => c.name).join('、')}中的至少 ${minClasses} 类（${current}）`;
}

/** What `password` lacks as a new password of `username` under `rules`, one Chinese phrase per broken rule. */
export function passwordProblems(password: string, username: string, rules: PasswordRules): string[] {
  return [
    lengthProblem(password, rules.minLength),
    classProblem(password, rules.minClasses),
    username && password.toLowerCase().includes(username.toLowerCase()) ? '不能包含用户名' : null,
  ].filter((problem): problem is string => problem !== null);
}

/** The 400 message for `problems`: every missing thing in one sentence; null when there is none. */
export function passwordProblemMessage(problems: readonly string[]): string | null {
  return problems.length > 0 ? `密码不符合要求：${problems.join('；')}` : null;
}
