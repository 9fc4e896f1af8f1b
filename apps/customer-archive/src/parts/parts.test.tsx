import { fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { knownPartJsonSchema } from '@wb/contracts';
import { createCustomerDataset, customerHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { AppPart, useWorkbenchEvent } from '@wb/sdk/react';
import { createTestParts, renderMicroApp } from '@wb/sdk/testing';
import manifest from '../../manifest.json';
import { CUSTOMER_360_SLOTS } from './slots.ts';
import { parts } from './index.ts';

const API = '/api/svc/customer/v1';
const customers = createCustomerDataset();
const server = createMockServer(...customerHandlers({ customers }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const definitions = () =>
  createTestParts({
    'customer-archive/customer-360': { title: '客户360', lifecycles: parts['customer-360'], services: { customer: API } },
    'customer-archive/customer-card': { title: '客户卡片', lifecycles: parts['customer-card'], services: { customer: API } },
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
      expect(within(region).getByText(`待「${slot.providerName}」以部件接入`)).toBeTruthy();
    }
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
