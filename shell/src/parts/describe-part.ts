import { partKey } from '@wb/contracts';
import type { Feed } from '@wb/contracts';
import { createAccess, partMessages } from '@wb/sdk';
import type { PartAvailability } from '@wb/sdk';

/**
 * Whether the viewer may see `app`'s part `part` here (ADR 0030), from the feed alone — so that a placeholder
 * never costs a request for the provider's code:
 * - `forbidden`: the viewer may not load the provider app at all, or lacks the part's `permission`;
 * - `channel`: the page's channel is not among the part's `channels`;
 * - `missing`: no app the viewer may load exposes it (not published, removed, or a typo in the consumer).
 */
export function describePart(feed: Pick<Feed, 'user' | 'channel' | 'parts' | 'apps'>, app: string, part: string): PartAvailability {
  const entry = feed.parts.find((p) => p.appId === app && p.id === part);
  const base = { app, part, title: entry?.title ?? partKey(app, part) };
  if (!entry) {
    // A provider the viewer may not load at all does not tell the viewer what it exposes.
    const loadable = feed.apps.some((a) => a.id === app);
    return loadable
      ? { ...base, status: 'missing', message: partMessages.missing(base.title) }
      : { ...base, status: 'forbidden', message: partMessages.forbidden(base.title) };
  }
  const allowed = entry.loadable && feed.user !== null && (!entry.permission || createAccess(feed.user).can(entry.permission));
  if (!allowed) return { ...base, status: 'forbidden', message: partMessages.forbidden(base.title) };
  if (!entry.channels.includes(feed.channel)) return { ...base, status: 'channel', message: partMessages.channel(base.title) };
  return { ...base, status: 'available', major: entry.major };
}
