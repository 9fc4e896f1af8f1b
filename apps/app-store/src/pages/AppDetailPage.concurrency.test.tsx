// If-Match on every app-level edit of 应用详情, and what the user sees when someone else changed the app
// meanwhile (412): a warning, the latest state, and their own input kept for a checked retry.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { STALE_EDIT_MESSAGE } from '../api/queries.ts';
import { renderStore, setupStoreMock, withEtags } from '../dev/testing.tsx';

const mock = setupStoreMock('rev01');
const DETAIL = '/app/app-store/admin/apps/customer-archive';
const APP = '/apps/customer-archive';

const writes = () => mock.requests.filter((r) => r.method !== 'GET');
const detailReads = () => mock.requests.filter((r) => r.method === 'GET' && r.path === APP).length;

async function openTab(name: string) {
  await screen.findByText('← 返回应用目录');
  fireEvent.click(await screen.findByRole('tab', { name }));
}

async function confirmPopover(trigger: RegExp | string, title: string, ok: RegExp | string) {
  fireEvent.click(screen.getByRole('button', { name: trigger }));
  const pop = await screen.findByText(title);
  fireEvent.click(within(pop.closest('.ant-popover') as HTMLElement).getByRole('button', { name: ok }));
}

/** The selected values of a multiple Select, by its label. */
function selected(label: string): string[] {
  const select = screen.getByLabelText(label).closest('.ant-select') as HTMLElement;
  return [...select.querySelectorAll('.ant-select-selection-item')].map((e) => e.getAttribute('title') ?? e.textContent ?? '');
}

describe('应用详情: If-Match', () => {
  it('sends the ETag of the detail shown with 下线, 上线 and 回滚, each time the latest one', async () => {
    const etags = withEtags(mock);
    renderStore(DETAIL);
    await screen.findByText('← 返回应用目录');
    await confirmPopover(/下\s*线/, '下线 客户档案？', /下\s*线/);
    expect(await screen.findByText('客户档案 已下线')).toBeTruthy();
    await confirmPopover(/上\s*线/, '重新上线 客户档案？', /上\s*线/);
    expect(await screen.findByText('客户档案 已上线')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /回\s*滚/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.mouseDown(within(dialog).getByLabelText('回滚到'));
    fireEvent.click((await screen.findAllByText(/^1\.1\.0（/)).at(-1)!);
    fireEvent.click(within(dialog).getByRole('button', { name: '确认回滚' }));
    expect(await screen.findByText('已回滚到 1.1.0')).toBeTruthy();
    expect(writes().map((r) => [r.method, r.path, r.ifMatch])).toEqual([
      ['POST', `${APP}/offline`, '"1"'],
      ['POST', `${APP}/online`, '"2"'],
      ['POST', `${APP}/rollback`, '"3"'],
    ]);
    expect(etags.current()).toBe('"4"');
  });

  it('sends it when setting, stopping and promoting a rollout, and saving visibility', async () => {
    Object.assign(mock.data.apps[0]!.versions[0]!, { status: 'PUBLISHED', reviewedBy: 'rev01' });
    withEtags(mock);
    renderStore(DETAIL);
    await openTab('灰度');
    fireEvent.mouseDown(screen.getByLabelText('灰度版本'));
    fireEvent.click((await screen.findAllByTitle('1.3.0')).at(-1)!);
    fireEvent.change(screen.getByLabelText('用户比例'), { target: { value: '10' } });
    fireEvent.click(screen.getByRole('button', { name: '开始灰度' }));
    expect(await screen.findByText('灰度设置已保存')).toBeTruthy();
    await confirmPopover('停止灰度', '停止 1.3.0 的灰度？', /停\s*止/);
    expect(await screen.findByText('已停止灰度')).toBeTruthy();
    expect(await screen.findByText(/^当前没有灰度/)).toBeTruthy();
    fireEvent.mouseDown(screen.getByLabelText('灰度版本'));
    fireEvent.click((await screen.findAllByTitle('1.3.0')).at(-1)!);
    fireEvent.change(screen.getByLabelText('用户比例'), { target: { value: '20' } });
    fireEvent.click(screen.getByRole('button', { name: '开始灰度' }));
    expect(await screen.findByText('进行中的灰度')).toBeTruthy();
    await confirmPopover('全量发布', '将 1.3.0 全量发布？', '全量发布');
    expect(await screen.findByText('1.3.0 已全量发布')).toBeTruthy();
    await openTab('可见性');
    fireEvent.mouseDown(screen.getByLabelText('对这些岗位隐藏'));
    fireEvent.click((await screen.findAllByTitle('客服代表（KF_AGENT）')).at(-1)!);
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('可见性设置已保存')).toBeTruthy();
    await waitFor(() =>
      expect(writes().map((r) => [r.method, r.path, r.ifMatch])).toEqual([
        ['PUT', `${APP}/rollout`, '"1"'],
        ['DELETE', `${APP}/rollout`, '"2"'],
        ['PUT', `${APP}/rollout`, '"3"'],
        ['POST', `${APP}/rollout/promote`, '"4"'],
        ['PUT', `${APP}/visibility`, '"5"'],
      ]),
    );
  });

  it('sends none when the server gives no ETag (older servers, the dev mock)', async () => {
    renderStore(DETAIL);
    await screen.findByText('← 返回应用目录');
    await confirmPopover(/下\s*线/, '下线 客户档案？', /下\s*线/);
    expect(await screen.findByText('客户档案 已下线')).toBeTruthy();
    expect(writes().map((r) => r.ifMatch)).toEqual([null]);
  });
});

describe('应用详情: someone else changed the app (412)', () => {
  it('visibility: warns, shows the latest settings, keeps the input and saves it on retry', async () => {
    const etags = withEtags(mock);
    renderStore(DETAIL);
    await openTab('可见性');
    await userEvent.type(screen.getByLabelText('对这些单位隐藏（含下级单位）'), '334010101{enter}');
    fireEvent.mouseDown(screen.getByLabelText('对这些岗位隐藏'));
    fireEvent.click((await screen.findAllByTitle('客服代表（KF_AGENT）')).at(-1)!);
    // A colleague hides the app from another unit in the meantime.
    mock.data.apps[0]!.visibility = { hiddenOrgUnitCodes: ['3340180'], hiddenPostCodes: [] };
    etags.bump();
    const readsBefore = detailReads();
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText(STALE_EDIT_MESSAGE)).toBeTruthy();
    expect(STALE_EDIT_MESSAGE).toBe('该应用已被其他人修改，已刷新为最新内容，请核对后重试');
    expect(await screen.findByText(/最新设置：对单位 3340180 隐藏；对岗位 无 隐藏。/)).toBeTruthy();
    expect(detailReads()).toBeGreaterThan(readsBefore);
    // Nothing was saved, and the user's input is still there.
    expect(mock.data.apps[0]!.visibility).toEqual({ hiddenOrgUnitCodes: ['3340180'], hiddenPostCodes: [] });
    expect(selected('对这些单位隐藏（含下级单位）')).toEqual(['334010101']);
    expect(selected('对这些岗位隐藏')).toEqual(['客服代表（KF_AGENT）']);
    // Checked, saved again: now against the ETag of what the user was shown.
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('可见性设置已保存')).toBeTruthy();
    expect(writes().map((r) => [r.method, r.ifMatch])).toEqual([
      ['PUT', '"1"'],
      ['PUT', '"2"'],
    ]);
    expect(mock.data.apps[0]!.visibility).toEqual({ hiddenOrgUnitCodes: ['334010101'], hiddenPostCodes: ['KF_AGENT'] });
    expect(screen.queryByText('可见性设置已被其他人修改')).toBeNull();
  });

  it('rollout: keeps the form input over the refreshed rollout and still guards a leave', async () => {
    Object.assign(mock.data.apps[0]!.versions[0]!, { status: 'PUBLISHED', reviewedBy: 'rev01' });
    const etags = withEtags(mock);
    renderStore(DETAIL);
    await openTab('灰度');
    fireEvent.mouseDown(screen.getByLabelText('灰度版本'));
    fireEvent.click((await screen.findAllByTitle('1.3.0')).at(-1)!);
    await userEvent.type(screen.getByLabelText('单位编码'), '334010101{enter}');
    // A colleague starts a rollout to the 客服代表 post meanwhile.
    mock.data.apps[0]!.rollout = { version: '1.3.0', orgUnitCodes: [], postCodes: ['KF_AGENT'], percent: 0, updatedBy: 'admin', updatedAt: '2026-11-28T01:00:00.000Z' };
    etags.bump();
    fireEvent.click(screen.getByRole('button', { name: '开始灰度' }));
    expect(await screen.findByText(STALE_EDIT_MESSAGE)).toBeTruthy();
    // The colleague's rollout is shown above; the user's own input below is untouched.
    expect(await screen.findByText('进行中的灰度')).toBeTruthy();
    expect(screen.getByText('灰度设置已被其他人修改')).toBeTruthy();
    expect(selected('单位编码')).toEqual(['334010101']);
    expect(mock.data.apps[0]!.rollout?.orgUnitCodes).toEqual([]);
    fireEvent.click(screen.getByText('← 返回应用目录'));
    expect((await screen.findAllByText('放弃未保存的修改？')).length).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: '继续编辑' }));
    fireEvent.click(screen.getByRole('button', { name: '更新灰度' }));
    expect(await screen.findByText('灰度设置已保存')).toBeTruthy();
    expect(writes().map((r) => [r.method, r.ifMatch])).toEqual([
      ['PUT', '"1"'],
      ['PUT', '"2"'],
    ]);
    expect(mock.data.apps[0]!.rollout).toMatchObject({ version: '1.3.0', orgUnitCodes: ['334010101'] });
  });

  it('下线: warns and refreshes instead of acting on a stale page', async () => {
    const etags = withEtags(mock);
    renderStore(DETAIL);
    await screen.findByText('← 返回应用目录');
    mock.data.apps[0]!.status = 'OFFLINE';
    etags.bump();
    await confirmPopover(/下\s*线/, '下线 客户档案？', /下\s*线/);
    expect(await screen.findByText(STALE_EDIT_MESSAGE)).toBeTruthy();
    // The refreshed detail shows what the colleague did: the app is offline, 上线 is offered.
    expect(await screen.findByRole('button', { name: /上\s*线/ })).toBeTruthy();
    expect(screen.queryByText('客户档案 已下线')).toBeNull();
  });

  it('回滚: keeps the dialog and the chosen version', async () => {
    const etags = withEtags(mock);
    renderStore(DETAIL);
    await screen.findByText('← 返回应用目录');
    fireEvent.click(screen.getByRole('button', { name: /回\s*滚/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.mouseDown(within(dialog).getByLabelText('回滚到'));
    fireEvent.click((await screen.findAllByText(/^1\.1\.0（/)).at(-1)!);
    etags.bump();
    fireEvent.click(within(dialog).getByRole('button', { name: '确认回滚' }));
    expect(await screen.findByText(STALE_EDIT_MESSAGE)).toBeTruthy();
    expect(within(dialog).getByLabelText('回滚到').closest('.ant-select')?.textContent).toMatch(/^1\.1\.0（/);
    fireEvent.click(within(dialog).getByRole('button', { name: '确认回滚' }));
    expect(await screen.findByText('已回滚到 1.1.0')).toBeTruthy();
    expect(writes().map((r) => r.ifMatch)).toEqual(['"1"', '"2"']);
  });
});
