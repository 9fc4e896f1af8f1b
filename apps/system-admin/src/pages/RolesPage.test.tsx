import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { createIamDataset, iamHandlers } from '@wb/mocks';
import type { IamDataset } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { serveMocks } from '@wb/sdk/testing';
import { IAM_API, renderAdmin } from '../test-support.tsx';

const server = createMockServer(...iamHandlers());
const log = serveMocks(server, IAM_API);
let data: IamDataset;

/** The grant saves sent: If-Match and the parsed body (call after `await log.settled()`). */
const grantSaves = (): Array<{ ifMatch: string | null; json: { permissions?: string[]; dataScopes?: unknown } }> =>
  log.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/grants')).map((r) => ({ ifMatch: r.ifMatch, json: r.json as { permissions?: string[]; dataScopes?: unknown } }));

beforeEach(() => {
  data = createIamDataset();
  server.use(...iamHandlers({ data }));
});

const renderRoles = () => renderAdmin('/app/system-admin/roles');

/** The checkbox of the grant-tree node whose key text is shown. */
function checkboxOf(key: string): HTMLElement {
  const node = screen.getByText(key).closest('.ant-tree-treenode');
  const box = node?.querySelector<HTMLElement>('.ant-tree-checkbox');
  if (!box) throw new Error(`no checkbox for ${key}`);
  return box;
}

async function openRole(name: string) {
  fireEvent.click(await screen.findByText(name));
  await screen.findByText('功能授权');
}

describe('角色授权', () => {
  it('shows the grant tree with type tags, required posts and zones, checked as the role grants', async () => {
    renderRoles();
    await openRole('客户档案查询');
    expect(screen.getByText('cust:archive:export')).toBeTruthy();
    expect(screen.getByText('需岗位：MGR_VIEW')).toBeTruthy();
    expect(screen.getByText('仅内网')).toBeTruthy();
    // Granted itself, but not everything below it (cust:archive:export): partly granted (issue 20 cascade).
    expect(checkboxOf('cust:archive:view').className).toContain('ant-tree-checkbox-indeterminate');
    expect(checkboxOf('sys:admin:manage').className).not.toContain('ant-tree-checkbox-checked');
    expect(screen.getByText('本单位及下级')).toBeTruthy();
  });

  it('saves the grants with If-Match and the new version comes back', async () => {
    renderRoles();
    await openRole('客户档案查询');
    fireEvent.click(checkboxOf('cust:archive:export'));
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('已保存角色 客户档案查询 的授权')).toBeTruthy();
    expect(grantSaves()[0]?.ifMatch).toBe('"1"');
    await log.settled();
    expect(grantSaves()[0]?.json.permissions).toEqual(['cust:archive:view', 'cust:archive:export']);
    await waitFor(() => expect(screen.getByText('版本 2')).toBeTruthy());
    expect(data.roles.find((r) => r.key === 'CUST_VIEWER')?.permissions).toContain('cust:archive:export');
  });

  it('says the role was changed by someone else on a 412', async () => {
    renderRoles();
    await openRole('客户档案查询');
    // Another administrator saves first.
    data.roles.find((r) => r.key === 'CUST_VIEWER')!.version = 2;
    fireEvent.click(checkboxOf('cust:archive:export'));
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(screen.getAllByText('角色已被他人修改，请刷新后重试').length).toBeGreaterThan(0));
    expect(grantSaves()[0]?.ifMatch).toBe('"1"');
    expect(data.roles.find((r) => r.key === 'CUST_VIEWER')?.permissions).not.toContain('cust:archive:export');
    fireEvent.click(screen.getByRole('button', { name: /刷\s*新/ }));
    await waitFor(() => expect(screen.getByText('版本 2')).toBeTruthy());
  });

  it('shows a data-scope problem from the server above the form', async () => {
    renderRoles();
    await openRole('客户档案查询');
    fireEvent.mouseDown(screen.getByLabelText('数据范围'));
    fireEvent.click((await screen.findAllByTitle('指定机构')).at(-1)!);
    expect(await screen.findByLabelText('范围内的单位')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('第 1 条规则：「指定机构」至少选择一个机构')).toBeTruthy();
    await log.settled();
    expect(grantSaves()[0]?.json.dataScopes).toEqual([{ resourceType: 'cons', scopeType: 'CUSTOM_ORGS', orgUnitCodes: [] }]);
  });

  it('offers 本人经办 (ASSIGNED) with what it means, and calls explicit org units 指定机构', async () => {
    renderRoles();
    await openRole('客户档案查询');
    fireEvent.mouseDown(screen.getByLabelText('数据范围'));
    expect((await screen.findAllByTitle('指定机构')).length).toBeGreaterThan(0);
    fireEvent.click((await screen.findAllByTitle('本人经办')).at(-1)!);
    expect(await screen.findByText(/流程中分派给本人、由本人办理过或本人为候选办理人的业务/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(grantSaves()).toHaveLength(1));
    expect(grantSaves()[0]?.json.dataScopes).toEqual([{ resourceType: 'cons', scopeType: 'ASSIGNED', orgUnitCodes: [] }]);
  });

  it('shows a system role read-only', async () => {
    renderRoles();
    await openRole('平台管理员');
    expect(screen.getByText('系统角色的授权由平台维护，不能在此修改。')).toBeTruthy();
    expect((screen.getByRole('button', { name: /保\s*存/ }) as HTMLButtonElement).disabled).toBe(true);
  });
});
