import { fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { knownPartJsonSchema, knownPartProps } from '@wb/contracts';
import { createCustomerDataset, customerHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { AppPart, createReactPart, useWorkbenchEvent } from '@wb/sdk/react';
import { createTestParts, renderMicroApp, serveMocks } from '@wb/sdk/testing';
import manifest from '../../manifest.json';
import { CustomerDetailPage } from '../pages/CustomerDetailPage.tsx';
import { CUSTOMER_360_SLOTS } from './slots.ts';
import { parts } from './index.ts';

const API = '/api/svc/customer/v1';
const customers = createCustomerDataset();
const server = createMockServer(...customerHandlers({ customers }));
serveMocks(server);

const definitions = (providers: Parameters<typeof createTestParts>[0] = {}) =>
  createTestParts({
    'customer-archive/customer-360': { title: '客户360', lifecycles: parts['customer-360'], services: { customer: API } },
    'customer-archive/customer-card': { title: '客户卡片', lifecycles: parts['customer-card'], services: { customer: API } },
    ...providers,
  });

/** A provider's part standing in for 客服工单's and 业扩报装's: it prints its title and the 户号 it was given. */
const stand = (title: string) => ({
  title,
  lifecycles: createReactPart(({ consNo }: { consNo: string }) => <p>{`${title}部件 ${consNo}`}</p>, {
    appId: 'provider',
    title,
    schema: knownPartProps['service-tickets/customer-tickets'],
  }),
});

describe('客户档案 parts (ADR 0030)', { timeout: 20_000 }, () => {
  it('exports exactly the parts the manifest exposes, whose props schema is the contracts’ one', () => {
    expect(Object.keys(parts).sort()).toEqual(manifest.exposes.map((p) => p.id).sort());
    for (const part of manifest.exposes) {
      expect(part.props, part.id).toEqual(knownPartJsonSchema(`customer-archive/${part.id}` as 'customer-archive/customer-360'));
    }
  });

  it('客户360 shows the account and meters of the 户号, and labelled empty slots for what other apps will fill', async () => {
    const target = customers[0]!;
    renderMicroApp(<AppPart app="customer-archive" part="customer-360" props={{ consNo: target.consNo }} />, { props: { parts: definitions() } });
    const region = await screen.findByRole('region', { name: `客户360 ${target.consNo}` });
    expect(await within(region).findByText(`${target.name}（${target.consNo}）`)).toBeTruthy();
    expect(within(region).getByText('计量装置')).toBeTruthy();
    for (const slot of CUSTOMER_360_SLOTS) {
      expect(within(region).getByText(slot.title)).toBeTruthy();
      expect(within(region).getAllByText(`待「${slot.providerName}」以部件接入`).length).toBeGreaterThan(0);
    }
  });

  it('answers a 户号 the service does not know compactly, in the host’s panel: no 404 picture, no 重试', async () => {
    renderMicroApp(
      <>
        <AppPart app="customer-archive" part="customer-360" props={{ consNo: '9999999999' }} />
        <AppPart app="customer-archive" part="customer-card" props={{ consNo: '9999999998' }} />
      </>,
      { props: { parts: definitions() } },
    );
    expect(await screen.findByText('户号：9999999999')).toBeTruthy();
    expect(await screen.findByText('户号：9999999998')).toBeTruthy();
    expect(screen.getAllByText('未找到该户号的客户')).toHaveLength(2);
    expect(document.querySelector('.ant-result-404')).toBeNull();
    expect(screen.queryByRole('button', { name: /重\s*试/ })).toBeNull();
  });

  it('fills the slots with the providers’ parts, labels absent providers, and says 无权查看 for a known part (ADR 0039)', async () => {
    const target = customers[2]!;
    const capability = definitions({
      'service-tickets/customer-tickets': stand('工单历史'),
      'service-tickets/customer-outages': stand('停电信息'),
      // The provider exists, but this viewer may not load it: the feed names the part, so the shell says so.
      'new-connection/customer-applications': { title: '业扩申请', status: 'forbidden' },
    });
    // The customer page itself, not only the 客户360 part, shows the sections.
    renderMicroApp(<CustomerDetailPage consNo={target.consNo} valid back={{ q: '', field: 'auto', page: 1 }} />, {
      props: { appId: 'customer-archive', services: { customer: API }, parts: capability },
    });
    expect(await screen.findByText(`工单历史部件 ${target.consNo}`)).toBeTruthy();
    expect(await screen.findByText(`停电信息部件 ${target.consNo}`)).toBeTruthy();
    expect(screen.getByText('无权查看：业扩申请')).toBeTruthy();
    // billing is not deployed here: the describe answer knows nothing about the part, so the slot's own label.
    expect(screen.getByText('待「电费收费」以部件接入')).toBeTruthy();
    expect(capability.loads.filter((k) => !k.startsWith('customer-archive/')).sort()).toEqual(['service-tickets/customer-outages', 'service-tickets/customer-tickets']);
  });

  it('客户360 assembles the same slots inside itself (a part inside a part)', async () => {
    const target = customers[3]!;
    const capability = definitions({ 'service-tickets/customer-tickets': stand('工单历史') });
    renderMicroApp(<AppPart app="customer-archive" part="customer-360" props={{ consNo: target.consNo }} />, { props: { parts: capability } });
    const region = await screen.findByRole('region', { name: `客户360 ${target.consNo}` });
    expect(await within(region).findByText(`工单历史部件 ${target.consNo}`)).toBeTruthy();
    expect(within(region).getByText('待「业扩报装」以部件接入')).toBeTruthy();
  });

  it('declares every slot as an optional use of its provider’s part', () => {
    expect(manifest.uses).toEqual(CUSTOMER_360_SLOTS.map((s) => ({ app: s.providerApp, part: s.part, major: 1, optional: true })));
  });

  it('客户卡片 tells its consumer which customer was chosen (customer.selected)', async () => {
    const target = customers[1]!;
    const capability = definitions();
    function Intake() {
      const [chosen, setChosen] = useState('');
      useWorkbenchEvent('customer.selected', ({ consNo }) => setChosen(consNo));
      return (
        <>
          <p>受理户号：{chosen}</p>
          <AppPart app="customer-archive" part="customer-card" props={{ consNo: target.consNo }} />
        </>
      );
    }
    const events = capability.events.connect({ appId: 'service-tickets', instanceId: 'consumer', scope: 'page' });
    renderMicroApp(<Intake />, { props: { appId: 'service-tickets', instanceId: 'consumer', parts: capability, events } });
    expect(await screen.findByText(`${target.name}（${target.consNo}）`)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '选用此客户' }));
    expect(await screen.findByText(`受理户号：${target.consNo}`)).toBeTruthy();
  });
});
