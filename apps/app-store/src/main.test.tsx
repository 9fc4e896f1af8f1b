import { act, screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appStoreHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { createTestWorkbenchProps } from '@wb/sdk/testing';
import manifest from '../manifest.json' with { type: 'json' };
import { manifestSchema } from '@wb/contracts';
import * as entry from './main.ts';

const server = createMockServer(...appStoreHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('micro-app entry', () => {
  it('exports single-spa lifecycles that mount into the shell container and clean up', async () => {
    expect(Object.keys(entry).sort()).toEqual(['bootstrap', 'mount', 'unmount', 'update']);
    const domElement = document.createElement('section');
    document.body.appendChild(domElement);
    window.history.replaceState(null, '', '/app/app-store/market');
    const props = createTestWorkbenchProps({
      appId: 'app-store',
      domElement,
      services: { appstore: '/api/svc/appstore/v1' },
      session: { permissions: ['store:market:use'] },
    });
    await entry.bootstrap(props);
    await act(() => entry.mount(props));
    expect(await screen.findByTestId('market-app-customer-archive')).toBeTruthy();
    await act(() => entry.unmount(props));
    expect(domElement.childNodes).toHaveLength(0);
    domElement.remove();
  });

  it('has a valid manifest whose menus and permissions match the seeded store permissions', () => {
    const parsed = manifestSchema.parse({ ...manifest, entry: 'main.js' });
    expect(parsed.permissions.map((p) => [p.key, p.type])).toEqual([
      ['store:market:use', 'APP'],
      ['store:app:manage', 'MENU'],
      ['store:app:review', 'BUTTON'],
      ['store:dev:override', 'API'],
    ]);
    expect(parsed.menus.map((m) => [m.title, m.path, m.permission])).toEqual([
      ['应用市场', '/app/app-store/market', 'store:market:use'],
      ['应用管理', '/app/app-store/admin', 'store:app:manage'],
      ['应用目录', '/app/app-store/admin', 'store:app:manage'],
      ['待审核', '/app/app-store/admin/review', 'store:app:manage'],
      ['上传应用', '/app/app-store/admin/upload', 'store:app:manage'],
      ['平台信息', '/app/app-store/admin/platform', 'store:app:manage'],
      ['组件管理', '/app/app-store/admin/parts', 'store:app:manage'],
    ]);
    expect(parsed.services).toEqual([{ name: 'appstore', version: '^1' }]);
  });
});
