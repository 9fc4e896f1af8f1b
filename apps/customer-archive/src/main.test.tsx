import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createTestWorkbenchProps } from '@wb/sdk/testing';
import * as entry from './main.ts';

describe('micro-app entry', () => {
  it('exports single-spa lifecycles that mount into the shell container and clean up', async () => {
    expect(Object.keys(entry).sort()).toEqual(['bootstrap', 'mount', 'parts', 'unmount', 'update', 'widgets']);
    expect(Object.keys(entry.widgets)).toEqual(['quick-search']);
    const domElement = document.createElement('section');
    document.body.appendChild(domElement);
    window.history.replaceState(null, '', '/app/customer-archive');
    const props = createTestWorkbenchProps({
      appId: 'customer-archive',
      domElement,
      services: { customer: '/api/svc/customer/v1' },
      session: { permissions: ['cust:archive:view'] },
    });
    await entry.bootstrap(props);
    await act(() => entry.mount(props));
    expect(screen.getByRole('searchbox', { name: '查询内容' })).toBeTruthy();
    await act(() => entry.unmount(props));
    expect(domElement.childNodes).toHaveLength(0);
    domElement.remove();
  });
});
