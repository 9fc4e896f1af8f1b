import type { FeedApp } from '@wb/contracts';

export const LOGIN_PATH = '/login';
export const HOME_PATH = '/';
/** The voluntary password change, inside the channel's layout (header user menu → 修改密码). */
export const PASSWORD_PATH = '/account/password';
/** The task inbox (我的待办, shell/src/inbox). */
export const INBOX_PATH = '/inbox';

/**
 * True when `pathname` is `prefix` or below it on a segment boundary (`/app/a` covers `/app/a/x`, not
 * `/app/ab`). single-spa's activity functions use the same rule, so the shell's route and the mounted app agree.
 */
export function matchesPrefix(pathname: string, prefix: string): boolean {
  const base = prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (base === '/') return true;
  return pathname === base || pathname.startsWith(`${base}/`);
}

export function isAppActive(app: Pick<FeedApp, 'routes'>, pathname: string): boolean {
  return app.routes.some((route) => matchesPrefix(pathname, route));
}

/** What the shell shows for a path (the login page is decided before this, from the session). */
export type ShellRoute =
  | { kind: 'home' }
  | { kind: 'password' }
  | { kind: 'inbox' }
  | { kind: 'app'; app: FeedApp }
  | { kind: 'forbidden'; appId: string }
  | { kind: 'not-found' };

const APP_PATH = /^\/app\/([^/]+)/;

export function resolveRoute(pathname: string, apps: readonly FeedApp[]): ShellRoute {
  if (pathname === HOME_PATH) return { kind: 'home' };
  if (pathname === PASSWORD_PATH) return { kind: 'password' };
  if (pathname === INBOX_PATH) return { kind: 'inbox' };
  const app = apps.find((candidate) => isAppActive(candidate, pathname));
  if (app) return { kind: 'app', app };
  const appId = APP_PATH.exec(pathname)?.[1];
  // An app the user may use but whose routes do not cover this path is a plain 404; an app id missing from
  // the user's feed means the registry filtered it out (or it does not exist): 403, never a hint which.
  if (appId && !apps.some((candidate) => candidate.id === appId)) return { kind: 'forbidden', appId: decodeSegment(appId) };
  return { kind: 'not-found' };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A return target is followed only if it is a path on this origin: it starts with one `/`, is not
 * protocol-relative (`//evil`, `/\evil`, which browsers read as `//evil`) and does not lead back to login.
 */
export function safeReturnTo(value: string | null | undefined, origin: string): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  // Control characters (tabs, newlines) are stripped by the URL parser and could smuggle `//` past the check.
  if (Array.from(value).some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return null;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin || url.pathname === LOGIN_PATH) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `/login?returnTo=<current path and query>`; plain `/login` when there is nothing worth returning to. */
export function loginUrl(returnTo: string): string {
  if (returnTo === HOME_PATH || returnTo.startsWith(LOGIN_PATH)) return LOGIN_PATH;
  return `${LOGIN_PATH}?returnTo=${encodeURIComponent(returnTo)}`;
}
