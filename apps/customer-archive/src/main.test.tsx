import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { expectEntryMountsAndCleansUp } from '@wb/sdk/testing';
import * as entry from './main.ts';

describe('micro-app entry', () => {
  it('exports single-spa lifecycles that mount into the shell container and clean up', async () => {
    expect(Object.keys(entry.widgets)).toEqual(['quick-search']);
    await expectEntryMountsAndCleansUp(entry, {
      exports: ['bootstrap', 'mount', 'parts', 'unmount', 'update', 'widgets'],
      url: '/app/customer-archive',
      appId: 'customer-archive',
      services: { customer: '/api/svc/customer/v1' },
      session: { permissions: ['cust:archive:view'] },
      shows: () => expect(screen.getByRole('searchbox', { name: '查询内容' })).toBeTruthy(),
    });
  });
});
