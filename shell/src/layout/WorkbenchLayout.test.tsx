import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderShell } from '../test/render-shell.tsx';
import { testApp, testFeed, testMenu } from '../test/fixtures.ts';

const feed = testFeed({
  apps: [testApp('customer-archive', { name: '客户档案' })],
  menus: [testMenu('customer-archive', 'search', { title: '客户查询', path: '/app/customer-archive', order: 10 })],
});

describe('workbench layout, first render (P1, ADR 0075)', () => {
  it('puts the app’s area in the page before the side menu and the header’s controls render', () => {
    const atContentReady: Array<Record<string, boolean>> = [];
    renderShell({
      feed,
      path: '/app/customer-archive',
      // Where main.tsx starts single-spa: the app can mount from here on.
      onContentReady: () =>
        atContentReady.push({
          appArea: document.querySelector('section[aria-label="客户档案"]') !== null,
          title: screen.queryByText('电力营销全业务集约管控平台') !== null,
          sideMenu: screen.queryByTestId('wb-side-menu') !== null,
          userMenu: screen.queryByTestId('wb-header-user') !== null,
        }),
    });
    expect(atContentReady).toEqual([{ appArea: true, title: true, sideMenu: false, userMenu: false }]);
    // The deferred render follows at once when nothing else waits (here: within the same act).
    expect(screen.getByTestId('wb-side-menu').textContent).toContain('客户查询');
    expect(screen.getByTestId('wb-header-user').textContent).toContain('张客服');
  });
});
