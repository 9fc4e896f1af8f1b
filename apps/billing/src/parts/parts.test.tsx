import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { customerBillsPartJsonSchema } from '@wb/contracts/billing-counter';
import { billingHandlers, createBillingDataset } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { AppPart } from '@wb/sdk/react';
import { createTestParts, renderMicroApp, serveMocks } from '@wb/sdk/testing';
import manifest from '../../manifest.json';
import { formatYuan } from '../format.ts';
import { API } from '../test-support.ts';
import { parts } from './index.ts';

const dataset = createBillingDataset();
serveMocks(createMockServer(...billingHandlers({ dataset })), API);

describe('电费账务 parts (ADR 0030)', () => {
  it('exports exactly the parts the manifest exposes, whose props schema is the contract’s', () => {
    expect(Object.keys(parts)).toEqual(manifest.exposes.map((p) => p.id));
    expect(manifest.exposes[0]!.props).toEqual(customerBillsPartJsonSchema());
    expect(manifest.exposes[0]).toMatchObject({ permission: 'df:bill:view', channels: ['workbench'], major: 1 });
  });

  it('电费 shows what a customer owes today, the receivables and the payments', async () => {
    const consNo = '3340201005';
    const open = dataset.receivables.filter((r) => r.consNo === consNo && r.paidFen < r.amountFen);
    const capability = createTestParts({ 'billing/customer-bills': { title: '电费', lifecycles: parts['customer-bills']!, services: { billing: API } } });
    renderMicroApp(<AppPart app="billing" part="customer-bills" props={{ consNo }} />, { props: { appId: 'customer-archive', parts: capability } });
    const region = await screen.findByRole('region', { name: `电费 ${consNo}` });
    expect(await within(region).findByText(formatYuan(open.reduce((s, r) => s + r.amountFen + r.accruedPenaltyFen, 0)))).toBeTruthy();
    expect(within(region).getByText('已停电')).toBeTruthy();
    expect(within(region).getAllByText('未缴费')).toHaveLength(open.length);
  });
});
