import type { LifeCycles } from 'single-spa';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { preloadStyles, withStyles } from './app-styles.ts';

type Props = { domElement: HTMLElement };
const APP = { id: 'fx-css', styles: [{ href: '/assets/apps/fx-css/d1/app.css', integrity: 'sha384-abc' }] };
const links = () => [...document.head.querySelectorAll<HTMLLinkElement>('link[data-wb-app="fx-css"]')];

/**
 * happy-dom does not fetch stylesheets here (CSS file loading is off); it answers each `<link>` at once with
 * `load` or `error`, as a browser would once the file arrived or failed its integrity check.
 */
const happyDom = (window as unknown as { happyDOM: { settings: { disableCSSFileLoading: boolean; handleDisabledFileLoadingAsSuccess: boolean } } }).happyDOM;
function settle(event: 'load' | 'error'): void {
  happyDom.settings.disableCSSFileLoading = true;
  happyDom.settings.handleDisabledFileLoadingAsSuccess = event === 'load';
}

afterEach(() => {
  links().forEach((link) => link.remove());
});

function lifecycles(mount = vi.fn(async () => undefined), unmount = vi.fn(async () => undefined)): LifeCycles<Props> {
  return { bootstrap: [], mount: [mount], unmount: [unmount] } as unknown as LifeCycles<Props>;
}

describe('app stylesheets (ADR 0041)', () => {
  it('adds the stylesheets with integrity before the app mounts and removes them after it unmounts', async () => {
    const order: string[] = [];
    const mount = vi.fn(async () => void order.push(`mount with ${links().length} link`));
    const wrapped = withStyles(lifecycles(mount, vi.fn(async () => void order.push('unmount'))), APP);
    const props = { domElement: document.createElement('div') };
    settle('load');
    const mounting = (wrapped.mount as (p: Props) => Promise<void>)(props);
    await mounting;
    expect(order).toEqual(['mount with 1 link']);
    expect(links()[0]?.integrity).toBe('sha384-abc');
    expect(links()[0]?.getAttribute('href')).toBe('/assets/apps/fx-css/d1/app.css');
    expect(props.domElement.getAttribute('data-wb-app')).toBe('fx-css');
    await (wrapped.unmount as (p: Props) => Promise<void>)(props);
    expect(order).toEqual(['mount with 1 link', 'unmount']);
    expect(links()).toHaveLength(0);
  });

  it('does not mount the app when a stylesheet is refused (integrity), and leaves nothing behind', async () => {
    const mount = vi.fn(async () => undefined);
    const wrapped = withStyles(lifecycles(mount), APP);
    settle('error');
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const mounting = (wrapped.mount as (p: Props) => Promise<void>)({ domElement: document.createElement('div') });
    await expect(mounting).rejects.toThrow('stylesheet failed to load');
    expect(mount).not.toHaveBeenCalled();
    expect(links()).toHaveLength(0);
  });

  it('removes the stylesheets when the app’s own mount fails', async () => {
    const wrapped = withStyles(lifecycles(vi.fn(async () => Promise.reject(new Error('boom')))), APP);
    settle('load');
    const mounting = (wrapped.mount as (p: Props) => Promise<void>)({ domElement: document.createElement('div') });
    await expect(mounting).rejects.toThrow('boom');
    expect(links()).toHaveLength(0);
  });

  it('preloads the stylesheets with their integrity while the entry loads, applying no rule (ADR 0075)', () => {
    const preloads = () => [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="style"]')];
    try {
      preloadStyles(APP);
      preloadStyles(APP);
      expect(preloads()).toHaveLength(1);
      expect(preloads()[0]?.getAttribute('href')).toBe('/assets/apps/fx-css/d1/app.css');
      // The same integrity and CORS mode as the stylesheet link added at mount, so the browser reuses the download.
      expect(preloads()[0]?.integrity).toBe('sha384-abc');
      expect(preloads()[0]?.hasAttribute('crossorigin')).toBe(false);
      expect(links()).toHaveLength(0);
    } finally {
      preloads().forEach((link) => link.remove());
    }
  });
});
