import { describe, expect, it } from 'vitest';
import type { Feed } from '@wb/contracts';
import { renderShellPage } from './html.ts';

const feed: Feed = {
  user: null,
  channel: 'workbench',
  zone: 'intranet',
  importMap: { imports: { react: '/assets/shared/react-1.js' }, integrity: { '/assets/shared/react-1.js': 'sha384-x' } },
  apps: [],
  menus: [],
  widgets: [],
  parts: [],
  devOverrides: false,
};
const shellEntry = { url: '/assets/shell/main-1.js', integrity: 'sha384-y' };

describe('renderShellPage', () => {
  it('hands the configured load timeout to the shell on the feed element', () => {
    const { html } = renderShellPage({ feed, shellEntry, loadTimeoutMs: 4000 });
    expect(html).toContain('<script id="wb-feed" type="application/json" data-load-timeout-ms="4000">');
  });

  it('leaves the shell default when none is configured', () => {
    const { html } = renderShellPage({ feed, shellEntry });
    expect(html).toContain('<script id="wb-feed" type="application/json">');
    expect(html).not.toContain('data-load-timeout-ms');
  });

  it('escapes a closing script tag inside feed strings', () => {
    const hostile = { ...feed, apps: [{ id: 'x', name: '</script><script>alert(1)</script>', version: '1.0.0', specifier: '@wb-app/x', routes: ['/app/x'], category: '', description: '', services: {}, workflows: [], inMenu: true }] };
    const { html } = renderShellPage({ feed: hostile, shellEntry });
    expect(html).not.toContain('</script><script>alert(1)');
  });
});
