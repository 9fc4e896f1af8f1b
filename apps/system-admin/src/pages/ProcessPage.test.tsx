import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { createWorkflowDataset, iamHandlers, workflowHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { serveMocks } from '@wb/sdk/testing';
import { WF_API, renderAdmin } from '../test-support.tsx';

const server = createMockServer(...iamHandlers());
/** Requests the workflow mock received (paths below the workflow service's base). */
const log = serveMocks(server, WF_API);
const year = new Date().getFullYear();

beforeEach(() => {
  // The shared workflow mock with two versions of one process, all seven open applications on version 2, and one
  // holiday this year.
  const data = createWorkflowDataset({ username: 'admin' });
  const version = (n: number, deployedAt: string) => ({ key: 'yk-lv-resident', name: '低压居民新装', version: n, xml: `<definitions id="v${n}"/>`, deployedAt, deployedBy: 'admin' });
  data.definitions = [version(2, '2026-11-27T02:00:00.000Z'), version(1, '2026-11-20T02:00:00.000Z')];
  for (const instance of data.instances) Object.assign(instance, { processKey: 'yk-lv-resident', processVersion: 2 });
  data.holidays = [{ date: `${year}-10-01`, name: '国庆节', workday: false }];
  server.use(...iamHandlers(), ...workflowHandlers({ data }));
});

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
    // An element the engine does not run: the shared mock refuses it in the service's words.
    const xml = '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p1"><inclusiveGateway id="ig"/></process></definitions>';
    renderProcesses();
    await userEvent.click(await screen.findByRole('button', { name: '发布新版本' }));
    await userEvent.click(screen.getByLabelText('BPMN XML'));
    await userEvent.paste(xml);
    await userEvent.click(screen.getByRole('button', { name: /^发\s*布$/ }));
    expect(await screen.findByText('不支持的流程元素：inclusiveGateway（id=ig）')).toBeTruthy();
    await log.settled();
    expect(log.filter('POST', '/definitions').map((r) => r.json)).toEqual([{ xml }]);
  });

  it('adds a holiday and saves the year', async () => {
    renderProcesses();
    expect(await screen.findByText('国庆节')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('日期'), `${year}-10-02`);
    await userEvent.type(screen.getByLabelText('名称'), '国庆节二');
    await userEvent.click(screen.getByRole('button', { name: /添\s*加/ }));
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(log.filter('PUT', '/holidays')).toHaveLength(1));
    await log.settled();
    expect(log.filter('PUT', '/holidays')[0]?.json).toMatchObject({ years: [year], items: expect.arrayContaining([{ date: `${year}-10-02`, name: '国庆节二', workday: false }]) });
  });

  it('refuses without wf:process:manage', async () => {
    renderProcesses(['sys:admin:manage']);
    expect(await screen.findByText('您没有流程定义管理权限。')).toBeTruthy();
  });
});
