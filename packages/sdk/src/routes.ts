// One route-matching helper for every micro-app (ADR 0027): patterns relative to the instance's basePath,
// one result shape. Apps declare their routes as data and switch on `match.route`.

/** The one result shape: which route matched, its decoded `:params`, and the query string parsed. */
export interface RouteMatch<R extends string = string> {
  route: R;
  params: Readonly<Record<string, string>>;
  search: URLSearchParams;
}

/**
 * Route name → pattern below the basePath: `''` (the app's root), `'/customers/:consNo'`, `'/applications/:appNo/:node?'`.
 * A `:name` segment matches one non-empty path segment (URI-decoded); a trailing `?` makes it optional.
 * Patterns are tried in declaration order; a trailing slash in the path is ignored.
 */
export type RouteTable<R extends string> = Readonly<Record<R, string>>;

function compile(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      const param = /^:([A-Za-z_][A-Za-z0-9_]*)(\?)?$/.exec(segment);
      if (!param) return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
      names.push(param[1] as string);
      return param[2] ? '(?:/([^/]+))?' : '/([^/]+)';
    })
    .join('');
  return { regex: new RegExp(`^${source}/?$`), names };
}

function decode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/**
 * Matches `location` against `routes` below `basePath`; null when the path is outside the basePath or no
 * route matches (the app shows its 404).
 */
export function matchRoutes<R extends string>(
  routes: RouteTable<R>,
  location: { pathname: string; search: string | URLSearchParams },
  basePath: string,
): RouteMatch<R> | null {
  const { pathname } = location;
  const base = basePath.replace(/\/+$/, '');
  if (pathname !== base && !pathname.startsWith(`${base}/`)) return null;
  const rest = pathname.slice(base.length);
  const search = typeof location.search === 'string' ? new URLSearchParams(location.search) : location.search;
  for (const route of Object.keys(routes) as R[]) {
    const { regex, names } = compile(routes[route]);
    const found = regex.exec(rest);
    if (!found) continue;
    const params: Record<string, string> = {};
    let valid = true;
    names.forEach((name, index) => {
      const raw = found[index + 1];
      if (raw === undefined) return;
      const decoded = decode(raw);
      if (decoded === null) valid = false;
      else params[name] = decoded;
    });
    if (valid) return { route, params, search };
  }
  return null;
}

/** `basePath` + a path relative to it (`''`, `/customers/1`, `?q=x`); absolute URLs are refused. */
export function resolveHref(basePath: string, to: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(to) || to.startsWith('//')) throw new Error(`Link "to" must be relative to the app's basePath: ${to}`);
  const base = basePath.replace(/\/+$/, '');
  if (to === '' || to.startsWith('?') || to.startsWith('#')) return `${base}${to}`;
  return `${base}${to.startsWith('/') ? '' : '/'}${to}`;
}

/** What a click says about its buttons and keys (a DOM or React mouse event). */
interface ClickKeys {
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * Left click without modifiers on a link that opens in this window: the only click a workbench link handles
 * itself; every other (a new tab or window, a download) is the browser's.
 */
export function isPlainClick(event: ClickKeys, target: string | undefined): boolean {
  return (
    event.button === 0 &&
    !event.metaKey &&
    !event.ctrlKey &&
    !event.shiftKey &&
    !event.altKey &&
    (target === undefined || target === '' || target === '_self')
  );
}
