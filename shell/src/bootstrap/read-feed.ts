import { feedSchema, type Feed } from '@wb/contracts';

export const FEED_ELEMENT_ID = 'wb-feed';

export type FeedReadResult =
  | { ok: true; feed: Feed; loadTimeoutMs: number | undefined }
  | { ok: false; reason: string };

/**
 * Reads the feed the server inlined as `<script id="wb-feed" type="application/json">` and validates it
 * with the shared contract. The element may carry `data-load-timeout-ms` to override the shell's load
 * timeout for micro-app bundles (e.g. shorter in browser tests).
 */
export function readFeed(doc: Document = document): FeedReadResult {
  const element = doc.getElementById(FEED_ELEMENT_ID);
  if (!element) return { ok: false, reason: `#${FEED_ELEMENT_ID} is missing` };
  let raw: unknown;
  try {
    raw = JSON.parse(element.textContent ?? '');
  } catch {
    return { ok: false, reason: `#${FEED_ELEMENT_ID} is not valid JSON` };
  }
  const parsed = feedSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `#${FEED_ELEMENT_ID} does not match the feed contract: ${parsed.error.message}` };
  const timeout = Number(element.dataset.loadTimeoutMs);
  return { ok: true, feed: parsed.data, loadTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined };
}
