import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { iamHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { expectEntryMountsAndCleansUp, serveMocks } from '@wb/sdk/testing';
import * as entry from './main.ts';

const server = createMockServer(...iamHandlers());
serveMocks(server);

describe('micro-app entry', () => {
  it('exports single-spa lifecycles that mount into the shell container and clean up', () =>
    expectEntryMountsAndCleansUp(entry, {
      exports: ['bootstrap', 'mount', 'unmount', 'update'],
      url: '/app/system-admin/users',
      appId: 'system-admin',
      services: { iam: '/api/svc/iam/v1' },
      session: { permissions: ['sys:admin:manage'] },
      shows: async () => {
        expect(screen.getByRole('button', { name: '新建用户' })).toBeTruthy();
        expect(await screen.findByText('林晓敏')).toBeTruthy();
      },
    }));
});
