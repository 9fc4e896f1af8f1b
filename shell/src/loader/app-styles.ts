import type { LifeCycles } from 'single-spa';
import type { FeedApp } from '@wb/contracts';

/**
 * A micro-app's stylesheets (issue 11 item 4, ADR 0041): `<link rel="stylesheet">` elements with the SHA-384
 * integrity the feed gives, added to the page before the app mounts and removed after it unmounts, so no
 * rule of an app outlives it. The app's container carries `data-wb-app="<id>"`, the root a scoped stylesheet
 * (manifest `styles.scope: "app"`, rewritten at upload) applies under. Loaded only for apps that have
 * stylesheets (never on first paint).
 */

/** Attribute on each `<link>` naming its app; also what a scoped stylesheet's selectors start with. */
export const STYLE_APP_ATTRIBUTE = 'data-wb-app';

type Styles = NonNullable<FeedApp['styles']>;
type LifecycleFn<P> = (props: P) => Promise<unknown>;

/** Links in the page per app id and href, counted: two mounted instances of one app share them. */
const inPage = new Map<string, { link: HTMLLinkElement; users: number; ready: Promise<void> }>();

function isCrossOrigin(href: string, doc: Document): boolean {
  return new URL(href, doc.baseURI).origin !== new URL(doc.baseURI).origin;
}

function addLink(appId: string, style: Styles[number], doc: Document): Promise<void> {
  const key = `${appId} ${style.href}`;
  const present = inPage.get(key);
  if (present) {
    present.users += 1;
    return present.ready;
  }
  const link = doc.createElement('link');
  link.rel = 'stylesheet';
  link.integrity = style.integrity;
  if (isCrossOrigin(style.href, doc)) link.crossOrigin = 'anonymous';
  link.setAttribute(STYLE_APP_ATTRIBUTE, appId);
  const ready = new Promise<void>((resolve, reject) => {
    link.addEventListener('load', () => resolve(), { once: true });
    // A changed byte (integrity), a missing file or a network failure: the app does not mount unstyled.
    link.addEventListener('error', () => reject(new Error(`stylesheet failed to load: ${style.href}`)), { once: true });
  });
  link.href = style.href;
  inPage.set(key, { link, users: 1, ready });
  doc.head.appendChild(link);
  return ready;
}

function removeLink(appId: string, style: Styles[number]): void {
  const key = `${appId} ${style.href}`;
  const present = inPage.get(key);
  if (!present) return;
  present.users -= 1;
  if (present.users > 0) return;
  present.link.remove();
  inPage.delete(key);
}

/** Stylesheet hrefs already preloaded on this page. */
const preloaded = new Set<string>();

/**
 * Starts the download of the app's stylesheets while its entry module loads (P19, ADR 0075): a
 * `<link rel="preload" as="style">` with the integrity and CORS mode of the `<link rel="stylesheet">` that
 * `attachStyles` adds at mount, so the browser reuses the response instead of fetching it only then. A preload
 * applies no rule.
 */
export function preloadStyles(app: Pick<FeedApp, 'styles'>, doc: Document = document): void {
  for (const style of app.styles ?? []) {
    if (preloaded.has(style.href)) continue;
    preloaded.add(style.href);
    const link = doc.createElement('link');
    link.rel = 'preload';
    link.as = 'style';
    link.integrity = style.integrity;
    if (isCrossOrigin(style.href, doc)) link.crossOrigin = 'anonymous';
    link.href = style.href;
    doc.head.appendChild(link);
  }
}

/** Adds the app's stylesheets and marks its container; resolves once every sheet loaded. */
export async function attachStyles(app: Pick<FeedApp, 'id' | 'styles'>, container: HTMLElement | undefined, doc: Document = document): Promise<void> {
  container?.setAttribute(STYLE_APP_ATTRIBUTE, app.id);
  const styles = app.styles ?? [];
  const loads = styles.map((style) => addLink(app.id, style, doc));
  try {
    await Promise.all(loads);
  } catch (error) {
    detachStyles(app);
    throw error;
  }
}

export function detachStyles(app: Pick<FeedApp, 'id' | 'styles'>): void {
  for (const style of app.styles ?? []) removeLink(app.id, style);
}

const toArray = <P>(value: LifeCycles<P>['mount']): Array<LifecycleFn<P>> => (Array.isArray(value) ? value : [value]) as Array<LifecycleFn<P>>;

/**
 * The app's lifecycles with its stylesheets around them: in the page before the first mount function runs,
 * out of it after the last unmount function ran — and removed again when the mount fails.
 */
export function withStyles<P extends { domElement?: HTMLElement }>(lifecycles: LifeCycles<P>, app: Pick<FeedApp, 'id' | 'styles'>, doc: Document = document): LifeCycles<P> {
  const mount = toArray(lifecycles.mount);
  const unmount = toArray(lifecycles.unmount);
  return {
    ...lifecycles,
    mount: async (props: P) => {
      await attachStyles(app, props.domElement, doc);
      try {
        for (const fn of mount) await fn(props);
      } catch (error) {
        detachStyles(app);
        throw error;
      }
    },
    unmount: async (props: P) => {
      try {
        for (const fn of unmount) await fn(props);
      } finally {
        detachStyles(app);
      }
    },
  };
}
