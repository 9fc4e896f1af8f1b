import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderStore, setupStoreMock } from '../dev/testing.tsx';

const mock = setupStoreMock('rev01');
const DETAIL = '/app/app-store/admin/apps/customer-archive';
const versionRow = (version: string) => screen.getAllByRole('row').find((r) => r.dataset['rowKey'] === version) as HTMLElement;

async function openTab(name: string) {
  await screen.findByText('← 返回应用目录');
  fireEvent.click(await screen.findByRole('tab', { name }));
}

describe('应用详情', () => {
  it('shows versions with status, current marker, publisher, reviewer and reject reason', async () => {
    mock.data.apps[0]!.versions[2]!.rejectReason = null;
    renderStore(DETAIL);
    await screen.findByText('← 返回应用目录');
    const current = within(versionRow('1.2.0'));
    expect(current.getByText('当前')).toBeTruthy();
    expect(current.getByText('已发布')).toBeTruthy();
    expect(current.getByText(/^dev01 · /)).toBeTruthy();
    expect(current.getByText(/^rev01 · /)).toBeTruthy();
    expect(within(versionRow('1.1.0')).getByRole('button', { name: '设为当前' })).toBeTruthy();
    expect(within(versionRow('1.3.0')).getByRole('button', { name: /通\s*过/ })).toBeTruthy();
  });

  it('offers a developer no operator action: no offline, rollback, rollout, visibility or 设为当前 (issue 9 item 3)', async () => {
    renderStore(DETAIL, { permissions: ['store:app:manage'], username: 'dev01' });
    await screen.findByText('← 返回应用目录');
    expect(screen.queryByRole('button', { name: /下\s*线/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /回\s*滚/ })).toBeNull();
    expect(screen.queryByRole('button', { name: '灰度设置' })).toBeNull();
    expect(screen.queryByRole('tab', { name: '灰度' })).toBeNull();
    expect(screen.queryByRole('tab', { name: '可见性' })).toBeNull();
    expect(within(versionRow('1.1.0')).queryByRole('button', { name: '设为当前' })).toBeNull();
  });

  it('rolls back to an earlier PUBLISHED version after confirmation', async () => {
    renderStore(DETAIL);
    await screen.findByText('← 返回应用目录');
    fireEvent.click(screen.getByRole('button', { name: /回\s*滚/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '确认回滚' }));
    expect(await within(dialog).findByText('请选择要回滚到的版本')).toBeTruthy();
    fireEvent.mouseDown(within(dialog).getByLabelText('回滚到'));
    const options = await screen.findAllByText(/^1\.1\.0（/);
    fireEvent.click(options.at(-1)!);
    fireEvent.click(within(dialog).getByRole('button', { name: '确认回滚' }));
    expect(await screen.findByText('已回滚到 1.1.0')).toBeTruthy();
    const call = mock.requests.find((r) => r.method === 'POST' && r.path === '/apps/customer-archive/rollback');
    await waitFor(() => expect(JSON.parse(call!.body)).toEqual({ version: '1.1.0' }));
    await waitFor(() => expect(within(versionRow('1.1.0')).getByText('当前')).toBeTruthy());
  });

  it('takes the app offline after confirmation and offers 上线 again', async () => {
    renderStore(DETAIL);
    await screen.findByText('← 返回应用目录');
    fireEvent.click(screen.getByRole('button', { name: /下\s*线/ }));
    const pop = await screen.findByText('下线 客户档案？');
    fireEvent.click(within(pop.closest('.ant-popover') as HTMLElement).getByRole('button', { name: /下\s*线/ }));
    expect(await screen.findByText('客户档案 已下线')).toBeTruthy();
    expect(mock.data.apps[0]!.status).toBe('OFFLINE');
    expect(await screen.findByRole('button', { name: /上\s*线/ })).toBeTruthy();
  });

  it('validates the rollout form: a version and at least one scope, org unit codes as digits', async () => {
    // 1.3.0 approved without becoming current: a rollout candidate.
    Object.assign(mock.data.apps[0]!.versions[0]!, { status: 'PUBLISHED', reviewedBy: 'rev01' });
    renderStore(DETAIL);
    await openTab('灰度');
    fireEvent.click(screen.getByRole('button', { name: '开始灰度' }));
    expect(await screen.findByText('请选择灰度版本')).toBeTruthy();
    fireEvent.mouseDown(screen.getByLabelText('灰度版本'));
    fireEvent.click((await screen.findAllByTitle('1.3.0')).at(-1)!);
    fireEvent.click(screen.getByRole('button', { name: '开始灰度' }));
    expect(await screen.findByText('请至少选择一个灰度范围：单位、岗位或用户比例')).toBeTruthy();
    const orgInput = screen.getByLabelText('单位编码');
    await userEvent.type(orgInput, '12ab{enter}');
    expect(await screen.findByText('单位编码应为 5 到 11 位数字：12ab')).toBeTruthy();
    expect(mock.requests.some((r) => r.method === 'PUT')).toBe(false);
    // Start again with a good code and a percentage.
    fireEvent.click(screen.getByRole('button', { name: /重\s*置/ }));
    await waitFor(() => expect(screen.queryByText('单位编码应为 5 到 11 位数字：12ab')).toBeNull());
    fireEvent.mouseDown(screen.getByLabelText('灰度版本'));
    fireEvent.click((await screen.findAllByTitle('1.3.0')).at(-1)!);
    await userEvent.type(screen.getByLabelText('单位编码'), '334010101{enter}');
    expect(screen.queryByText('12ab')).toBeNull();
    fireEvent.change(screen.getByLabelText('用户比例'), { target: { value: '20' } });
    fireEvent.click(screen.getByRole('button', { name: '开始灰度' }));
    expect(await screen.findByText('灰度设置已保存')).toBeTruthy();
    const put = mock.requests.find((r) => r.method === 'PUT' && r.path === '/apps/customer-archive/rollout');
    await waitFor(() => expect(JSON.parse(put!.body)).toEqual({ version: '1.3.0', orgUnitCodes: ['334010101'], postCodes: [], percent: 20 }));
    expect(await screen.findByText('进行中的灰度')).toBeTruthy();
    expect(mock.data.apps[0]!.rollout).toMatchObject({ version: '1.3.0', percent: 20, updatedBy: 'rev01' });
  });

  it('promotes a running rollout to current', async () => {
    Object.assign(mock.data.apps[0]!.versions[0]!, { status: 'PUBLISHED' });
    mock.data.apps[0]!.rollout = { version: '1.3.0', orgUnitCodes: [], postCodes: ['KF_AGENT'], percent: 0, updatedBy: 'admin', updatedAt: '2026-11-26T08:00:00.000Z' };
    renderStore(DETAIL);
    await openTab('灰度');
    expect(screen.getByText('客服代表')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '全量发布' }));
    const pop = await screen.findByText('将 1.3.0 全量发布？');
    fireEvent.click(within(pop.closest('.ant-popover') as HTMLElement).getByRole('button', { name: '全量发布' }));
    expect(await screen.findByText('1.3.0 已全量发布')).toBeTruthy();
    expect(mock.data.apps[0]!.rollout).toBeNull();
    expect(mock.data.apps[0]!.versions[0]!.current).toBe(true);
  });

  it('asks before leaving with an unsaved visibility form', async () => {
    renderStore(DETAIL);
    await openTab('可见性');
    fireEvent.mouseDown(screen.getByLabelText('对这些岗位隐藏'));
    fireEvent.click((await screen.findAllByTitle('客服代表（KF_AGENT）')).at(-1)!);
    fireEvent.click(screen.getByText('← 返回应用目录'));
    expect((await screen.findAllByText('放弃未保存的修改？')).length).toBeGreaterThan(0);
    expect(window.location.pathname).toBe(DETAIL);
    fireEvent.click(screen.getByRole('button', { name: '继续编辑' }));
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('可见性设置已保存')).toBeTruthy();
    expect(mock.data.apps[0]!.visibility).toEqual({ hiddenOrgUnitCodes: [], hiddenPostCodes: ['KF_AGENT'] });
    fireEvent.click(screen.getByText('← 返回应用目录'));
    await waitFor(() => expect(window.location.pathname).toBe('/app/app-store/admin'));
  });

  it('shows manifest, files with integrity and the event log', async () => {
    renderStore(DETAIL);
    await openTab('文件');
    expect(screen.getByText('assets/chunk-ui.js')).toBeTruthy();
    expect(screen.getByText('共 3 个文件')).toBeTruthy();
    await openTab('清单');
    expect(screen.getByText('quick-search')).toBeTruthy();
    expect(screen.getByText('客户快速查询')).toBeTruthy();
    await openTab('操作记录');
    expect(await screen.findByText('提交审核')).toBeTruthy();
    expect(screen.getAllByText('dev01').length).toBeGreaterThan(0);
  });
});
