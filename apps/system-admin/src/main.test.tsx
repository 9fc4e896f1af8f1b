import { act, screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { createTestWorkbenchProps } from '@wb/sdk/testing';
import * as entry from './main.ts';

const server = createMockServer(...iamHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('micro-app entry', () => {
  it('exports single-spa lifecycles that mount into the shell container and clean up', async () => {
    expect(Object.keys(entry).sort()).toEqual(['bootstrap', 'mount', 'unmount', 'update']);
    const domElement = document.createElement('section');
    document.body.appendChild(domElement);
    window.history.replaceState(null, '', '/app/system-admin/users');
    const props = createTestWorkbenchProps({
      appId: 'system-admin',
      domElement,
      services: { iam: '/api/svc/iam/v1' },
      session: { permissions: ['sys:admin:manage'] },
    });
    await entry.bootstrap(props);
    await act(() => entry.mount(props));
    expect(screen.getByRole('button', { name: '新建用户' })).toBeTruthy();
    expect(await screen.findByText('林晓敏')).toBeTruthy();
    await act(() => entry.unmount(props));
    expect(domElement.childNodes).toHaveLength(0);
    domElement.remove();
  });
});
