import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { createIamDataset, iamHandlers } from '@wb/mocks';
import type { IamDataset } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { serveMocks } from '@wb/sdk/testing';
import { IAM_API, renderAdmin } from '../test-support.tsx';

const server = createMockServer(...iamHandlers());
/** Requests the mock service received (paths below the iam service's base). */
const log = serveMocks(server, IAM_API);
let data: IamDataset;

beforeEach(() => {
  data = createIamDataset();
  server.use(...iamHandlers({ data }));
});

const renderUsers = () => renderAdmin('/app/system-admin/users');
/** The id of a demo account of the mock (a uuid, as the service's). */
const idOf = (username: string): string => data.users.find((u) => u.username === username)!.id;

async function rowOf(username: string): Promise<HTMLElement> {
  return waitFor(() => {
    const id = data.users.find((u) => u.username === username)?.id;
    const row = screen.getAllByRole('row').find((r) => id !== undefined && r.dataset['rowKey'] === id);
    expect(row).toBeTruthy();
    return row!;
  });
}

/** Opens an antd TreeSelect / Select by its label and picks the option showing `text`. */
async function pick(label: string, text: string) {
  const input = screen.getByLabelText(label);
  fireEvent.mouseDown(input);
  const options = await screen.findAllByTitle(text);
  fireEvent.click(options.at(-1)!);
}

describe('用户管理', () => {
  it('lists users with their unit, posts and session count', async () => {
    renderUsers();
    const row = await rowOf('kf01');
    expect(within(row).getByText('林晓敏')).toBeTruthy();
    expect(within(row).getByText('江州客户服务中心')).toBeTruthy();
    expect(within(row).getByText('客服代表')).toBeTruthy();
    expect(screen.getByText('共 5 条')).toBeTruthy();
  });

  it('gives every filter a visible label, not a placeholder only', async () => {
    renderUsers();
    await rowOf('kf01');
    for (const label of ['搜索用户', '单位（含下级）', '任职岗位', '角色', '状态', '最近登录']) {
      const control = screen.getByLabelText(label);
      expect(document.querySelector(`label[for="${control.id}"]`)?.textContent, label).toBe(label);
    }
  });

  it('opens searching for the user a 全局搜索 link names (?q=)', async () => {
    renderAdmin('/app/system-admin/users?q=kf01');
    await rowOf('kf01');
    expect(screen.getByDisplayValue('kf01')).toBeTruthy();
    await waitFor(() => expect(screen.getByText('共 1 条')).toBeTruthy());
  });

  it('shows the server validation message per field, then creates the user and refreshes the list', async () => {
    renderUsers();
    await rowOf('kf01');
    fireEvent.click(screen.getByRole('button', { name: '新建用户' }));
    const drawer = await screen.findByRole('dialog');
    await userEvent.type(within(drawer).getByLabelText('用户名'), 'Bad');
    await userEvent.type(within(drawer).getByLabelText('姓名'), '王小明');
    await pick('所属单位', '江北城关供电所');
    await userEvent.type(within(drawer).getByLabelText('初始密码'), 'short');
    fireEvent.click(within(drawer).getByRole('button', { name: /创\s*建/ }));
    // The request shape is the contract's, checked before anything is sent (useWorkbenchForm, ADR 0034), …
    expect(await within(drawer).findByText('用户名为 3 到 32 位小写字母、数字或 _ . -，以字母开头')).toBeTruthy();
    expect(log.filter('POST', '/users')).toHaveLength(0);

    await userEvent.clear(within(drawer).getByLabelText('用户名'));
    await userEvent.type(within(drawer).getByLabelText('用户名'), 'kf02');
    fireEvent.click(within(drawer).getByRole('button', { name: /创\s*建/ }));
    // … the password policy (ADR 0017) is the server's, under its input, saying what is missing.
    expect(
      await within(drawer).findByText('密码不符合要求：至少 8 个字符（当前 5 个）；须包含大写字母、小写字母、数字、符号中的至少 3 类（当前只有小写字母）'),
    ).toBeTruthy();
    await userEvent.clear(within(drawer).getByLabelText('初始密码'));
    await userEvent.type(within(drawer).getByLabelText('初始密码'), 'Jiangzhou#2026!');
    fireEvent.click(within(drawer).getByRole('button', { name: /创\s*建/ }));
    expect(await screen.findByText('已创建用户 kf02')).toBeTruthy();
    const row = await rowOf('kf02');
    expect(within(row).getByText('江北城关供电所')).toBeTruthy();
    expect(within(row).getByText('待改密')).toBeTruthy();
    expect(data.users.find((u) => u.username === 'kf02')?.mustChangePassword).toBe(true);
  });

  it('shows a 409 duplicate username under the field', async () => {
    renderUsers();
    await rowOf('kf01');
    fireEvent.click(screen.getByRole('button', { name: '新建用户' }));
    const drawer = await screen.findByRole('dialog');
    await userEvent.type(within(drawer).getByLabelText('用户名'), 'kf01');
    await userEvent.type(within(drawer).getByLabelText('姓名'), '重名');
    await pick('所属单位', '江州客户服务中心');
    await userEvent.type(within(drawer).getByLabelText('初始密码'), 'Jiangzhou#2026!');
    fireEvent.click(within(drawer).getByRole('button', { name: /创\s*建/ }));
    expect(await within(drawer).findByText('用户名已存在')).toBeTruthy();
  });

  it('asks before closing a drawer with unsaved input', async () => {
    renderUsers();
    await rowOf('kf01');
    fireEvent.click(screen.getByRole('button', { name: '新建用户' }));
    const drawer = await screen.findByRole('dialog');
    await userEvent.type(within(drawer).getByLabelText('姓名'), '未保存');
    fireEvent.click(within(drawer).getByRole('button', { name: /取\s*消/ }));
    expect((await screen.findAllByText('放弃未保存的修改？')).length).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: /继续编辑/ }));
    expect((within(drawer).getByLabelText('姓名') as HTMLInputElement).value).toBe('未保存');
  });

  it('disables a user after confirmation and the list shows it', async () => {
    renderUsers();
    const row = await rowOf('kf01');
    fireEvent.click(within(row).getByRole('button', { name: /停\s*用/ }));
    const confirm = await screen.findByRole('tooltip');
    fireEvent.click(within(confirm).getByRole('button', { name: /停\s*用/ }));
    expect(await screen.findByText('已停用用户 kf01')).toBeTruthy();
    await waitFor(async () => expect(within(await rowOf('kf01')).getByText('已停用')).toBeTruthy());
    await log.settled();
    expect(log.filter('PUT', `/users/${idOf('kf01')}/status`)[0]?.json).toEqual({ status: 'disabled' });
    expect(data.users.find((u) => u.username === 'kf01')?.activeSessions).toBe(0);
  });

  it('assigns a post in the 岗位 drawer', async () => {
    renderUsers();
    const row = await rowOf('yk01');
    fireEvent.click(within(row).getByRole('button', { name: '岗位' }));
    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByText('业扩受理员')).toBeTruthy();
    await pick('岗位', '勘查员（YK_SURVEY）');
    await pick('任职单位', '江北新桥供电所');
    fireEvent.click(within(drawer).getByLabelText('代岗'));
    fireEvent.click(within(drawer).getByRole('button', { name: '新增岗位' }));
    expect(await screen.findByText('已新增岗位')).toBeTruthy();
    expect(await within(drawer).findByText('勘查员')).toBeTruthy();
    await log.settled();
    const sent = log.filter('POST', `/users/${idOf('yk01')}/posts`)[0]?.json;
    expect(sent).toEqual({
      postCode: 'YK_SURVEY',
      orgUnitCode: '334010103',
      validFrom: null,
      validTo: null,
      acting: true,
      concurrent: false,
      primary: false,
    });
  });

  it('resets a password: the server rule shows under the field, then success ends the sessions', async () => {
    renderUsers();
    const row = await rowOf('mgr01');
    fireEvent.click(within(row).getByRole('button', { name: '重置密码' }));
    const modal = await screen.findByRole('dialog');
    await userEvent.type(within(modal).getByLabelText('新密码'), 'short');
    fireEvent.click(within(modal).getByRole('button', { name: /重\s*置/ }));
    expect(await within(modal).findByText(/^密码不符合要求：至少 8 个字符（当前 5 个）；.*当前只有小写字母/)).toBeTruthy();
    await userEvent.type(within(modal).getByLabelText('新密码'), '-Jiangzhou#2026');
    fireEvent.click(within(modal).getByRole('button', { name: /重\s*置/ }));
    expect(await screen.findByText('已重置 mgr01 的密码')).toBeTruthy();
    expect(data.users.find((u) => u.username === 'mgr01')).toMatchObject({ mustChangePassword: true, activeSessions: 0 });
  });

  it('强制下线 ends all sessions of the user', async () => {
    renderUsers();
    const row = await rowOf('admin');
    fireEvent.click(within(row).getByRole('button', { name: '强制下线' }));
    fireEvent.click(within(await screen.findByRole('tooltip')).getByRole('button', { name: /下\s*线/ }));
    expect(await screen.findByText('已强制 admin 下线（结束 1 个会话）')).toBeTruthy();
    expect(log.filter('POST', `/users/${idOf('admin')}/sessions:end`)).toHaveLength(1);
  });
});
