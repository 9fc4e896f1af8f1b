import type { Channel } from '@wb/contracts';

/**
 * URL prefix of each channel's entry (`/` PC workbench, `/m/` mobile, `/kiosk/` service-hall terminal,
 * `/screen/` large screen). The server decides the channel from the same prefix and filters the feed by it;
 * the shell routes on the path below the prefix, so everything inside it (routes, menus, login) is
 * channel-free and only links and history entries carry the prefix.
 */
export const CHANNEL_BASENAME: Readonly<Record<Channel, string>> = {
  workbench: '',
  mobile: '/m',
  kiosk: '/kiosk',
  screen: '/screen',
  customer: '/c',
};

/** `/m/app/x` → `/app/x`; `/m` and `/m/` → `/`. A path outside the prefix is returned as is. */
export function stripBasename(pathname: string, basename: string): string {
  if (!basename) return pathname;
  if (pathname === basename || pathname === `${basename}/`) return '/';
  return pathname.startsWith(`${basename}/`) ? pathname.slice(basename.length) : pathname;
}

/** `/app/x` → `/m/app/x`; `/` → `/m/`; `/login?returnTo=…` → `/m/login?returnTo=…`. */
export function withBasename(path: string, basename: string): string {
  if (!basename) return path;
  return path.startsWith('/') ? `${basename}${path}` : `${basename}/${path}`;
}
