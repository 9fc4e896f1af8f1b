/**
 * The password policy (docs/quality.md S13, issue 9 item 7, ADR 0017): what a new password must be, wherever it
 * is set — the initial password of a created user, an administrator's reset and the user's own change.
 * The rules a browser can know (length, classes, username) are the contracts'; the server adds its list of
 * common passwords. Logging in never checks the policy: a password set before it changed keeps working.
 */
import { DEFAULT_PASSWORD_RULES, ErrorCode, passwordProblemMessage, passwordProblems } from '@wb/contracts';
import type { PasswordRules } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import { loadCommonPasswords } from './common-passwords.ts';

/** PASSWORD_MIN_LENGTH (default 8) and PASSWORD_MIN_CLASSES (default 3). */
export type PasswordPolicyOptions = PasswordRules;

export const DEFAULT_PASSWORD_POLICY: Readonly<PasswordPolicyOptions> = DEFAULT_PASSWORD_RULES;

export interface PasswordPolicy {
  /** Everything `password` lacks as a new password of `username`, in one Chinese sentence; null when it may be set. */
  check(password: string, username: string): string | null;
  /** Throws 400 `WB_ERR_BAD_REQUEST` with the reason on `field` (the request body's field) unless `password` may be set. */
  enforce(password: string, username: string, field: string): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The password policy, decorated by the identity plugin for every route that sets a password. */
    passwordPolicy: PasswordPolicy;
  }
}

/** The policy with `options`; `common` is the list of refused common passwords (lower case), by default common-passwords.txt. */
export function createPasswordPolicy(options: PasswordPolicyOptions, common: ReadonlySet<string> = loadCommonPasswords()): PasswordPolicy {
  const check = (password: string, username: string): string | null => {
    const problems = passwordProblems(password, username, options);
    if (common.has(password.toLowerCase())) problems.push('不能是常见密码');
    return passwordProblemMessage(problems);
  };
  return {
    check,
    enforce(password, username, field) {
      const reason = check(password, username);
      if (reason) throw new AppError(400, ErrorCode.BadRequest, reason, { [field]: reason });
    },
  };
}
