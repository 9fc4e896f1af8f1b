import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { appStoreHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { expectEntryMountsAndCleansUp, serveMocks } from '@wb/sdk/testing';
import manifest from '../manifest.json' with { type: 'json' };
import { manifestSchema } from '@wb/contracts';
import * as entry from './main.ts';

const server = createMockServer(...appStoreHandlers());
serveMocks(server);

describe('micro-app entry', () => {
  it('exports single-spa lifecycles that mount into the shell container and clean up', () =>
    expectEntryMountsAndCleansUp(entry, {
      exports: ['bootstrap', 'mount', 'unmount', 'update'],
      url: '/app/app-store/market',
      appId: 'app-store',
      services: { appstore: '/api/svc/appstore/v1' },
      session: { permissions: ['store:market:use'] },
      shows: async () => expect(await screen.findByTestId('market-app-customer-archive')).toBeTruthy(),
    }));

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
