import type { LoginResult } from '../../identity/identity-client.ts';

/** The message the login page shows for a failed attempt; never says which of user name or password was wrong. */
export function loginErrorMessage(result: Exclude<LoginResult, { ok: true }>): string {
  switch (result.kind) {
    case 'invalid-credentials':
      return '用户名或密码错误';
    case 'throttled':
      return `尝试次数过多，请 ${result.retryAfterSeconds} 秒后再试`;
    case 'bad-request':
      return result.message;
    case 'unavailable':
      return '登录服务暂时不可用，请稍后再试';
  }
}
