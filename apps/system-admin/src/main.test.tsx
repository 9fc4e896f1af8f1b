import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { iamHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { mountMicroApp, serveMocks } from '@wb/sdk/testing';
import * as entry from './main.ts';

const server = createMockServer(...iamHandlers());
serveMocks(server);

describe('micro-app entry', () => {
  it('exports single-spa lifecycles that mount into the shell container and clean up', async () => {
    expect(Object.keys(entry).sort()).toEqual(['bootstrap', 'mount', 'unmount', 'update']);
    const app = await mountMicroApp(entry, {
      url: '/app/system-admin/users',
      appId: 'system-admin',
      services: { iam: '/api/svc/iam/v1' },
      session: { permissions: ['sys:admin:manage'] },
    });
    expect(screen.getByRole('button', { name: '新建用户' })).toBeTruthy();
    expect(await screen.findByText('林晓敏')).toBeTruthy();
    await app.unmount();
    expect(app.element.childNodes).toHaveLength(0);
  });
});
