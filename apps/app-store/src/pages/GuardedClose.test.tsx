// R5: the app-store dialogs and pages that hold input ask before it is dropped (驳回原因, 审核意见, 回滚,
// a picked but not uploaded archive); untouched ones close at once.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { writeZip } from '@wb/mocks';
import { renderStore, setupStoreMock } from '../dev/testing.tsx';

const mock = setupStoreMock('rev01');
const pendingRow = () => screen.getByText('客户档案（customer-archive）').closest('tr') as HTMLElement;

function cancel(dialog: HTMLElement): void {
  fireEvent.click(within(dialog).getByRole('button', { name: /取\s*消/ }));
}

async function expectAsked() {
  expect((await screen.findAllByText('放弃未保存的修改？')).length).toBeGreaterThan(0);
}

/** Closed: gone, or leaving (happy-dom never ends antd's leave motion, and the content stays as it was). */
async function expectClosed(dialog: HTMLElement) {
  await waitFor(() => expect(!dialog.isConnected || dialog.classList.contains('ant-zoom-leave')).toBe(true));
}

describe('unsaved input asks before closing', () => {
  it('驳回: a typed reason asks; 继续编辑 keeps it; 放弃 closes', async () => {
    renderStore('/app/app-store/admin/review');
    await screen.findByText('客户档案（customer-archive）');
    fireEvent.click(within(pendingRow()).getByRole('button', { name: /驳\s*回/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('驳回原因'), { target: { value: '缺少使用说明' } });
    cancel(dialog);
    await expectAsked();
    fireEvent.click(screen.getAllByRole('button', { name: '继续编辑' }).at(-1)!);
    expect((within(dialog).getByLabelText('驳回原因') as HTMLTextAreaElement).value).toBe('缺少使用说明');
    cancel(dialog);
    await expectAsked();
    fireEvent.click(screen.getAllByRole('button', { name: /放\s*弃/ }).at(-1)!);
    await expectClosed(dialog);
    expect(mock.requests.some((r) => r.path.endsWith('/reject'))).toBe(false);
  });

  it('通过: an opinion asks before closing; an untouched dialog closes at once', async () => {
    renderStore('/app/app-store/admin/review');
    await screen.findByText('客户档案（customer-archive）');
    fireEvent.click(within(pendingRow()).getByRole('button', { name: /通\s*过/ }));
    const dialog = await screen.findByRole('dialog');
    cancel(dialog);
    await expectClosed(dialog);
    expect(screen.queryByText('放弃未保存的修改？')).toBeNull();
    fireEvent.click(within(pendingRow()).getByRole('button', { name: /通\s*过/ }));
    await waitFor(() => expect(dialog.classList.contains('ant-zoom-leave')).toBe(false));
    fireEvent.change(within(dialog).getByLabelText('审核意见'), { target: { value: '同意发布' } });
    cancel(dialog);
    await expectAsked();
  });

  it('回滚: a chosen version asks before closing', async () => {
    renderStore('/app/app-store/admin/apps/customer-archive');
    await screen.findByText('← 返回应用目录');
    fireEvent.click(screen.getByRole('button', { name: /回\s*滚/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.mouseDown(within(dialog).getByLabelText('回滚到'));
    fireEvent.click((await screen.findAllByText(/^1\.1\.0（/)).at(-1)!);
    cancel(dialog);
    await expectAsked();
  });

  it('上传应用: a picked archive not uploaded yet asks before leaving the page', async () => {
    renderStore('/app/app-store/admin/upload', { username: 'dev01' });
    const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
    const zip = writeZip([{ path: 'manifest.json', content: '{}' }]);
    await userEvent.upload(input, new File([zip as BlobPart], 'fx.zip', { type: 'application/zip' }), { applyAccept: false });
    await screen.findByText(/已选择：fx\.zip/);
    fireEvent.click(screen.getByRole('tab', { name: '应用目录' }));
    await expectAsked();
    expect(window.location.pathname).toBe('/app/app-store/admin/upload');
    fireEvent.click(screen.getAllByRole('button', { name: /放\s*弃/ }).at(-1)!);
    await waitFor(() => expect(window.location.pathname).toBe('/app/app-store/admin'));
  });
});
