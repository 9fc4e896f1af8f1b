import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { iamHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { WF_API, renderAdmin } from '../test-support.tsx';

const deployed: string[] = [];
const saved: unknown[] = [];
const server = createMockServer(
  ...iamHandlers(),
  http.get(`${WF_API}/definitions`, () =>
    HttpResponse.json({
      items: [
        { key: 'yk-lv-resident', name: '低压居民新装', version: 2, deployedAt: '2026-11-27T02:00:00.000Z', deployedBy: 'admin', running: 7 },
        { key: 'yk-lv-resident', name: '低压居民新装', version: 1, deployedAt: '2026-11-20T02:00:00.000Z', deployedBy: 'admin', running: 1 },
      ],
    }),
  ),
  http.get(`${WF_API}/definitions/:key/:version/xml`, ({ params }) => HttpResponse.json({ key: params.key, version: Number(params.version), xml: `<definitions id="v${String(params.version)}"/>` })),
  http.post(`${WF_API}/definitions`, async ({ request }) => {
    const { xml } = (await request.json()) as { xml: string };
    deployed.push(xml);
    if (xml.includes('parallelGateway')) {
      return HttpResponse.json({ error: { code: 'WB_ERR_BAD_REQUEST', message: '不支持的流程元素：parallelGateway（id=pg）' } }, { status: 400 });
    }
    return HttpResponse.json({ key: 'p', version: 3 }, { status: 201 });
  }),
  http.get(`${WF_API}/holidays`, () => HttpResponse.json({ items: [{ date: '2026-10-01', name: '国庆节', workday: false }] })),
  http.put(`${WF_API}/holidays`, async ({ request }) => {
    const body = (await request.json()) as { items: unknown[] };
    saved.push(body);
    return HttpResponse.json({ items: body.items });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  deployed.length = 0;
  saved.length = 0;
});
afterAll(() => server.close());

const renderProcesses = (permissions = ['sys:admin:manage', 'wf:process:manage']) => renderAdmin('/app/system-admin/processes', permissions);

describe('流程定义', () => {
  it('lists versions with running counts and shows a version’s XML', async () => {
    renderProcesses();
    expect(await screen.findByText('第 2 版')).toBeTruthy();
    const row = screen.getByText('第 2 版').closest('tr')!;
    expect(within(row).getByText('7')).toBeTruthy();
    await userEvent.click(within(row).getByRole('button', { name: '查看 XML' }));
    expect(await screen.findByText('<definitions id="v2"/>')).toBeTruthy();
  });

  it('shows the server’s validation message when a deploy is refused', async () => {
    renderProcesses();
    await userEvent.click(await screen.findByRole('button', { name: '发布新版本' }));
    await userEvent.type(screen.getByLabelText('BPMN XML'), '<parallelGateway id="pg"/>');
    await userEvent.click(screen.getByRole('button', { name: /^发\s*布$/ }));
    expect(await screen.findByText('不支持的流程元素：parallelGateway（id=pg）')).toBeTruthy();
    expect(deployed).toEqual(['<parallelGateway id="pg"/>']);
  });

  it('adds a holiday and saves the year', async () => {
    renderProcesses();
    expect(await screen.findByText('国庆节')).toBeTruthy();
    const year = new Date().getFullYear();
    await userEvent.type(screen.getByLabelText('日期'), `${year}-10-02`);
    await userEvent.type(screen.getByLabelText('名称'), '国庆节二');
    await userEvent.click(screen.getByRole('button', { name: /添\s*加/ }));
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({ years: [year], items: expect.arrayContaining([{ date: `${year}-10-02`, name: '国庆节二', workday: false }]) });
  });

  it('refuses without wf:process:manage', async () => {
    renderProcesses(['sys:admin:manage']);
    expect(await screen.findByText('您没有流程定义管理权限。')).toBeTruthy();
  });
});
