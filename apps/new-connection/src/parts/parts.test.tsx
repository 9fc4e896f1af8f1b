// 业扩报装's part for 客户档案's 客户360 slot 业扩申请 (ADR 0039), against the connection mock.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { knownPartJsonSchema } from '@wb/contracts';
import { connectionHandlers, createConnectionDataset } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { AppPart } from '@wb/sdk/react';
import { createTestParts, renderMicroApp, serveMocks } from '@wb/sdk/testing';
import manifest from '../../manifest.json';
import { parts } from './index.ts';

const API = '/api/svc/connection/v1';
const dataset = createConnectionDataset();
const consNo = '7101000001';
const [own, other] = dataset.applications as [(typeof dataset.applications)[number], (typeof dataset.applications)[number]];
own.consNo = consNo;
serveMocks(createMockServer(...connectionHandlers({ dataset })), API);

describe('业扩报装 parts (ADR 0039)', { timeout: 20_000 }, () => {
  it('exports exactly the parts the manifest exposes, whose props schema is the contracts’ one', () => {
    expect(Object.keys(parts).sort()).toEqual(manifest.exposes.map((p) => p.id).sort());
    for (const part of manifest.exposes) expect(part.props, part.id).toEqual(knownPartJsonSchema(`new-connection/${part.id}` as 'new-connection/customer-applications'));
  });

  it('业扩申请 lists the customer’s applications only, each opening 业扩报装', async () => {
    const capability = createTestParts({ 'new-connection/customer-applications': { title: '业扩申请', lifecycles: parts['customer-applications'], services: { connection: API } } });
    renderMicroApp(<AppPart app="new-connection" part="customer-applications" props={{ consNo }} />, { props: { parts: capability } });
    const region = await screen.findByRole('region', { name: `业扩申请 ${consNo}` });
    const link = await within(region).findByRole('link', { name: own.appNo });
    expect(link.getAttribute('href')).toBe(`/app/new-connection/applications/${own.appNo}`);
    expect(within(region).queryByRole('link', { name: other.appNo })).toBeNull();
  });
});
