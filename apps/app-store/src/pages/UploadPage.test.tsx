import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { writeZip } from '@wb/mocks';
import { renderStore, setupStoreMock } from '../dev/testing.tsx';

const mock = setupStoreMock('dev01');

const manifest = (version: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'fx-upload', name: '上传测试', version, entry: 'main.js', routes: ['/app/fx-upload'], changelog: '首版', ...extra });

function zipFile(files: Array<{ path: string; content: string }>, name = 'fx-upload.zip'): File {
  return new File([writeZip(files) as BlobPart], name, { type: 'application/zip' });
}

async function pick(file: File) {
  const input = document.querySelector<HTMLInputElement>('input[type=file]');
  if (!input) throw new Error('no file input');
  await userEvent.upload(input, file, { applyAccept: false });
  await screen.findByText(new RegExp(`已选择：${file.name}`));
}

describe('上传应用', () => {
  it('uploads the zip as application/zip, shows files and integrity, then submits for review', async () => {
    renderStore('/app/app-store/admin/upload', { username: 'dev01' });
    expect(screen.getByText(/根目录（或唯一的顶层文件夹/)).toBeTruthy();
    await pick(zipFile([{ path: 'dist/manifest.json', content: manifest('1.0.0') }, { path: 'dist/main.js', content: 'export const a = 1;' }]));
    fireEvent.click(screen.getByRole('button', { name: /^上\s*传$/ }));
    expect(await screen.findByText('上传成功')).toBeTruthy();
    const post = mock.requests.find((r) => r.method === 'POST' && r.path === '/versions');
    expect(post).toBeTruthy();
    const card = screen.getByText('上传成功').closest('.ant-card') as HTMLElement;
    const mainRow = within(card).getByText('main.js').closest('tr') as HTMLElement;
    expect(within(mainRow).getByText('19 B')).toBeTruthy();
    expect(within(mainRow).getByText(/^sha384-[A-Za-z0-9+/=]{64}$/)).toBeTruthy();
    expect(within(card).getByText('草稿')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: '提交审核' }));
    expect(await within(card).findByText('已提交审核，等待审核员处理')).toBeTruthy();
    expect(mock.requests.some((r) => r.method === 'POST' && r.path === '/apps/fx-upload/versions/1.0.0/submit')).toBe(true);
    expect(mock.data.apps.find((a) => a.id === 'fx-upload')?.versions[0]?.status).toBe('IN_REVIEW');
  });

  it('shows the upload\'s warnings: an app without access is for administrators only', async () => {
    renderStore('/app/app-store/admin/upload', { username: 'dev01' });
    await pick(zipFile([{ path: 'manifest.json', content: manifest('1.0.0') }, { path: 'main.js', content: 'export const a = 1;' }]));
    fireEvent.click(screen.getByRole('button', { name: /^上\s*传$/ }));
    const card = (await screen.findByText('上传成功')).closest('.ant-card') as HTMLElement;
    expect(within(card).getByTestId('upload-warning-ACCESS_CLOSED').textContent).toContain('只有平台管理员可见');
    expect(within(card).getByText('ES 模块')).toBeTruthy();
  });

  it('shows no warning when the manifest declares access', async () => {
    renderStore('/app/app-store/admin/upload', { username: 'dev01' });
    const open = manifest('1.0.0', { access: { anyPermissions: ['store:market:use'] } });
    await pick(zipFile([{ path: 'manifest.json', content: open }, { path: 'main.js', content: 'export const a = 1;' }]));
    fireEvent.click(screen.getByRole('button', { name: /^上\s*传$/ }));
    const card = (await screen.findByText('上传成功')).closest('.ant-card') as HTMLElement;
    expect(within(card).queryByTestId('upload-warning-ACCESS_CLOSED')).toBeNull();
  });

  it('shows the server refusal in words: missing entry file', async () => {
    renderStore('/app/app-store/admin/upload', { username: 'dev01' });
    await pick(zipFile([{ path: 'manifest.json', content: manifest('1.0.0') }]));
    fireEvent.click(screen.getByRole('button', { name: /^上\s*传$/ }));
    expect(await screen.findByText('应用包未被接受')).toBeTruthy();
    expect(screen.getByText('应用包缺少入口文件 main.js')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '提交审核' })).toBeNull();
  });

  it('shows the 409 when the same version was uploaded with other content', async () => {
    renderStore('/app/app-store/admin/upload', { username: 'dev01' });
    await pick(zipFile([{ path: 'manifest.json', content: manifest('1.2.0', { id: 'customer-archive', routes: ['/app/customer-archive'] }) }, { path: 'main.js', content: 'x' }]));
    fireEvent.click(screen.getByRole('button', { name: /^上\s*传$/ }));
    expect(await screen.findByText('版本 1.2.0 已存在且内容不同；请提高版本号后重新上传')).toBeTruthy();
  });

  it('refuses a file that is not a .zip before uploading', async () => {
    renderStore('/app/app-store/admin/upload', { username: 'dev01' });
    const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
    await userEvent.upload(input, new File(['x'], 'notes.txt', { type: 'text/plain' }), { applyAccept: false });
    expect(await screen.findByText('请选择 .zip 格式的应用包')).toBeTruthy();
    expect(screen.getByRole('button', { name: /^上\s*传$/ })).toHaveProperty('disabled', true);
    await waitFor(() => expect(mock.requests.some((r) => r.path === '/versions')).toBe(false));
  });
});
