import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@wb/contracts';
import { API, renderStore, setupStoreMock } from '../dev/testing.tsx';

const mock = setupStoreMock('rev01');
const pendingRow = () => screen.getByText('客户档案（customer-archive）').closest('tr') as HTMLElement;

describe('待审核', () => {
  it('approves with the safe default: published, not current — nothing is ticked, the reviewer sees the choice', async () => {
    renderStore('/app/app-store/admin/review');
    await screen.findByText('客户档案（customer-archive）');
    expect(within(pendingRow()).getByText('新增用电地址模糊查询。')).toBeTruthy();
    fireEvent.click(within(pendingRow()).getByRole('button', { name: /通\s*过/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByRole('checkbox')).toBeNull();
    expect(within(dialog).getByRole('radio', { name: '仅发布，不设为当前版本' })).toHaveProperty('checked', true);
    expect(within(dialog).getByRole('radio', { name: '设为当前版本（所有可访问的用户）' })).toHaveProperty('checked', false);
    fireEvent.click(within(dialog).getByRole('button', { name: /通\s*过/ }));
    expect(await screen.findByText('已通过 客户档案 1.3.0：仅发布，不设为当前版本')).toBeTruthy();
    const approve = mock.requests.find((r) => r.path === '/apps/customer-archive/versions/1.3.0/approve');
    await waitFor(() => expect(JSON.parse(approve!.body)).toEqual({ release: 'published', opinion: '' }));
    expect(mock.data.apps[0]!.versions[0]).toMatchObject({ status: 'PUBLISHED', current: false, reviewedBy: 'rev01' });
  });

  it('makes the version current for all, or pilots it, when the reviewer chooses so', async () => {
    renderStore('/app/app-store/admin/review');
    await screen.findByText('客户档案（customer-archive）');
    fireEvent.click(within(pendingRow()).getByRole('button', { name: /通\s*过/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('radio', { name: '灰度试点' }));
    fireEvent.change(await within(dialog).findByRole('spinbutton'), { target: { value: '20' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /通\s*过/ }));
    expect(await screen.findByText('已通过 客户档案 1.3.0：灰度试点')).toBeTruthy();
    const approve = mock.requests.find((r) => r.path === '/apps/customer-archive/versions/1.3.0/approve');
    await waitFor(() =>
      expect(JSON.parse(approve!.body)).toEqual({ release: 'pilot', pilot: { orgUnitCodes: [], postCodes: [], percent: 20 }, opinion: '' }),
    );
    expect(mock.data.apps[0]!.rollout).toMatchObject({ version: '1.3.0', percent: 20 });
    expect(mock.data.apps[0]!.versions[0]).toMatchObject({ status: 'PUBLISHED', current: false });
  });

  it('requires a reject reason, then sends it', async () => {
    renderStore('/app/app-store/admin/review');
    await screen.findByText('客户档案（customer-archive）');
    fireEvent.click(within(pendingRow()).getByRole('button', { name: /驳\s*回/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /驳\s*回/ }));
    expect(await within(dialog).findByText('请填写驳回原因')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('驳回原因'), { target: { value: '短' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /驳\s*回/ }));
    expect(await within(dialog).findByText('驳回原因至少 2 个字')).toBeTruthy();
    expect(mock.requests.some((r) => r.path.endsWith('/reject'))).toBe(false);
    fireEvent.change(within(dialog).getByLabelText('驳回原因'), { target: { value: '缺少地址查询的使用说明' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /驳\s*回/ }));
    expect(await screen.findByText('已驳回 客户档案 1.3.0')).toBeTruthy();
    const reject = mock.requests.find((r) => r.path === '/apps/customer-archive/versions/1.3.0/reject');
    await waitFor(() => expect(JSON.parse(reject!.body)).toEqual({ reason: '缺少地址查询的使用说明' }));
    expect(mock.data.apps[0]!.versions[0]).toMatchObject({ status: 'DRAFT', rejectReason: '缺少地址查询的使用说明' });
  });

  it('shows the consumers a served version would break and approves it only with an override reason (ADR 0037)', async () => {
    // The registry's answers: 组件管理's impact of 1.3.0, and the approval refused (409) unless overridden.
    const BREAK = { consumer: 'service-tickets', consumerName: '95598 工单', part: 'customer-360', major: 1, reason: '删除了属性 consNo' };
    const refusal = 'customer-archive@1.3.0 会破坏正在使用其部件的应用：「95598 工单」(service-tickets@1.0.0) 使用的部件 customer-360（主版本 1）：删除了属性 consNo。请保持部件契约兼容或提升部件主版本并保留旧版本；确需发布时由审核员明确覆盖';
    mock.server.use(
      http.get(`${API}/parts/impact`, () => HttpResponse.json({ appId: 'customer-archive', version: '1.3.0', breaks: [BREAK] })),
      http.post(`${API}/apps/customer-archive/versions/1.3.0/approve`, ({ request }) => {
        const reason = new URL(request.url).searchParams.get('partsOverride');
        if (!reason) return HttpResponse.json({ error: { code: ErrorCode.Conflict, message: refusal, fields: { exposes: '影响应用：95598 工单' } } }, { status: 409 });
        return HttpResponse.json({ appId: 'customer-archive', version: '1.3.0', status: 'PUBLISHED', release: 'current', current: true, rollout: null });
      }),
    );
    renderStore('/app/app-store/admin/review');
    await screen.findByText('客户档案（customer-archive）');
    fireEvent.click(within(pendingRow()).getByRole('button', { name: /通\s*过/ }));
    const dialog = await screen.findByRole('dialog');
    // Published only serves nobody: no parts check, no override offered.
    expect(within(dialog).queryByRole('checkbox')).toBeNull();
    fireEvent.click(within(dialog).getByRole('radio', { name: '设为当前版本（所有可访问的用户）' }));
    expect(await within(dialog).findByText('通过后会影响正在使用其部件的应用')).toBeTruthy();
    expect(within(dialog).getByText(/「95598 工单」使用的部件 customer-360（主版本 1）：删除了属性 consNo/)).toBeTruthy();
    // Approving without the override: the server refuses, the dialog stays with its words.
    fireEvent.click(within(dialog).getByRole('button', { name: /通\s*过/ }));
    expect(await within(dialog).findByText('审核未通过：该版本会破坏正在使用其部件的应用')).toBeTruthy();
    // The override needs a reason; then it travels as the approve call's query.
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /仍然通过：覆盖部件兼容性检查/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: /通\s*过/ }));
    expect(await within(dialog).findByText('覆盖部件兼容性检查时须填写原因')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('覆盖原因'), { target: { value: '已与 95598 约定同日发布兼容版本' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /通\s*过/ }));
    expect(await screen.findByText('已通过 客户档案 1.3.0：设为当前版本（所有可访问的用户）')).toBeTruthy();
    const approvals = mock.requests.filter((r) => r.path === '/apps/customer-archive/versions/1.3.0/approve');
    expect(approvals.map((r) => r.search.get('partsOverride'))).toEqual([null, '已与 95598 约定同日发布兼容版本']);
    await waitFor(() => expect(JSON.parse(approvals[1]!.body)).toEqual({ release: 'current', opinion: '' }));
  });

  it('hides 通过/驳回 from the publisher and from users without store:app:review', async () => {
    renderStore('/app/app-store/admin/review', { username: 'dev01' });
    await screen.findByText('客户档案（customer-archive）');
    expect(within(pendingRow()).getByText('本人上传，需他人审核')).toBeTruthy();
    expect(within(pendingRow()).queryByRole('button')).toBeNull();
  });

  it('shows the server refusal when the service says no', async () => {
    // The mock's actor is rev01; a version uploaded by rev01 but shown to another reviewer name is refused by the server.
    mock.data.apps[0]!.versions[0]!.publishedBy = 'rev01';
    renderStore('/app/app-store/admin/review', { username: 'rev02' });
    await screen.findByText('客户档案（customer-archive）');
    fireEvent.click(within(pendingRow()).getByRole('button', { name: /通\s*过/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /通\s*过/ }));
    expect(await screen.findByText('不能审核自己上传的版本')).toBeTruthy();
  });

  it('without store:app:review shows the list read-only', async () => {
    renderStore('/app/app-store/admin/review', { permissions: ['store:app:manage'], username: 'dev02' });
    await screen.findByText('客户档案（customer-archive）');
    expect(screen.getByText('您没有应用审核权限，只能查看待审核的版本。')).toBeTruthy();
    expect(within(pendingRow()).queryByRole('button')).toBeNull();
  });
});
