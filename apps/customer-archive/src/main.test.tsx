import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mountMicroApp } from '@wb/sdk/testing';
import * as entry from './main.ts';

describe('micro-app entry', () => {
  it('exports single-spa lifecycles that mount into the shell container and clean up', async () => {
    expect(Object.keys(entry).sort()).toEqual(['bootstrap', 'mount', 'parts', 'unmount', 'update', 'widgets']);
    expect(Object.keys(entry.widgets)).toEqual(['quick-search']);
    const app = await mountMicroApp(entry, {
      url: '/app/customer-archive',
      appId: 'customer-archive',
      services: { customer: '/api/svc/customer/v1' },
      session: { permissions: ['cust:archive:view'] },
    });
    expect(screen.getByRole('searchbox', { name: '查询内容' })).toBeTruthy();
    await app.unmount();
    expect(app.element.childNodes).toHaveLength(0);
  });
});
