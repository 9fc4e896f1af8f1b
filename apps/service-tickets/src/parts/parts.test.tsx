// 客服工单's parts for 客户档案's 客户360 slots (ADR 0039): 工单历史 with 催办 counts opening the ticket, and the
// 停电信息 on the customer's 台区; both against the ticket mock.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { knownPartJsonSchema } from '@wb/contracts';
import { createTicketDataset, ticketHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { AppPart } from '@wb/sdk/react';
import { createTestParts, renderMicroApp, serveMocks } from '@wb/sdk/testing';
import manifest from '../../manifest.json';
import { API, BASE } from '../test-support.ts';
import { parts } from './index.ts';

const dataset = createTicketDataset();
serveMocks(createMockServer(...ticketHandlers({ dataset })), API);

const capability = () =>
  createTestParts({
    'service-tickets/customer-tickets': { title: '工单历史', lifecycles: parts['customer-tickets'], services: { ticket: API } },
    'service-tickets/customer-outages': { title: '停电信息', lifecycles: parts['customer-outages'], services: { ticket: API } },
  });

describe('客服工单 parts (ADR 0039)', { timeout: 20_000 }, () => {
  it('exports exactly the parts the manifest exposes, whose props schema is the contracts’ one', () => {
    expect(Object.keys(parts).sort()).toEqual(manifest.exposes.map((p) => p.id).sort());
    for (const part of manifest.exposes) {
      expect(part.props, part.id).toEqual(knownPartJsonSchema(`service-tickets/${part.id}` as 'service-tickets/customer-tickets'));
    }
  });

  it('工单历史 lists the customer’s tickets with their 催办 count, and a number opens the ticket in 客服工单', async () => {
    const urged = dataset.tickets.find((t) => t.detail.urgeCount > 0)!.detail;
    renderMicroApp(<AppPart app="service-tickets" part="customer-tickets" props={{ consNo: urged.consNo! }} />, { props: { parts: capability() } });
    const region = await screen.findByRole('region', { name: `工单历史 ${urged.consNo}` });
    const link = await within(region).findByRole('link', { name: urged.no });
    const row = link.closest('tr') as HTMLElement;
    expect(within(row).getByTitle(`催办 ${urged.urgeCount} 次`)).toBeTruthy();
    const own = dataset.tickets.filter((t) => t.detail.consNo === urged.consNo);
    expect(within(region).getByText(new RegExp(`共 ${own.length} 张工单`))).toBeTruthy();
    // No other customer's ticket.
    for (const t of dataset.tickets.filter((x) => x.detail.consNo !== urged.consNo)) expect(within(region).queryByRole('link', { name: t.detail.no })).toBeNull();
    // The part is an instance of 客服工单 (its basePath): the link leads into the app's ticket page.
    expect(link.getAttribute('href')).toBe(`${BASE}/tickets/${urged.no}`);
  });

  it('停电信息 shows the outages on the customer’s 台区 only', async () => {
    const customer = dataset.customers.find((c) => c.tgId === 'TG0101')!;
    renderMicroApp(<AppPart app="service-tickets" part="customer-outages" props={{ consNo: customer.consNo }} />, { props: { parts: capability() } });
    const region = await screen.findByRole('region', { name: `停电信息 ${customer.consNo}` });
    expect(await within(region).findByText(/10kV 城关线检修/)).toBeTruthy();
    expect(within(region).queryByText(/线路故障/)).toBeNull();
  });
});
