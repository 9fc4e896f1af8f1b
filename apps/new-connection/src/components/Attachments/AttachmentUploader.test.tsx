// 业扩附件's upload field (issue 17, ADR 0067): a photo field offers the camera on phones, sends one multipart file
// through the service client, and refuses too big or wrong files in Chinese without sending them.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionHandlers, createConnectionDataset } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { renderMicroApp, serveMocks } from '@wb/sdk/testing';
import { AttachmentUploader } from './AttachmentUploader.tsx';
import { AttachmentList } from './AttachmentList.tsx';

const API = '/api/svc/connection/v1';
const dataset = createConnectionDataset();
const server = createMockServer(...connectionHandlers({ dataset }));
const log = serveMocks(server, API);
afterEach(() => log.clear());

const appNo = dataset.applications[0]!.appNo;
const props = { appId: 'new-connection', services: { connection: API } };
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const fileInput = (container: HTMLElement): HTMLInputElement => container.querySelector('input[type=file]') as HTMLInputElement;
const uploads = () => log.filter('POST', `/applications/${appNo}/attachments`);

describe('AttachmentUploader', () => {
  it('offers the camera for site photos and sends the picked photo as one multipart file', async () => {
    const { container } = renderMicroApp(<AttachmentUploader appNo={appNo} kind="SITE_PHOTO" label="拍照 / 上传现场照片" photo />, { url: '/app/new-connection', props });
    const input = fileInput(container);
    expect(input.getAttribute('accept')).toBe('image/*');
    expect(input.getAttribute('capture')).toBe('environment');
    await userEvent.upload(input, new File([PNG], '表箱照片.png', { type: 'image/png' }));
    expect(await screen.findByText('已上传「表箱照片.png」')).toBeTruthy();
    await log.settled();
    const [sent] = uploads();
    expect(sent?.search.get('kind')).toBe('SITE_PHOTO');
    expect(sent?.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent?.body).toContain('name="file"; filename="表箱照片.png"');
  });

  it('refuses a file over 10 MB and a file that is not JPG, PNG or PDF in Chinese, sending nothing', async () => {
    const user = userEvent.setup({ applyAccept: false });
    const { container } = renderMicroApp(<AttachmentUploader appNo={appNo} kind="OTHER" label="上传其他附件" />, { url: '/app/new-connection', props });
    await user.upload(fileInput(container), new File([new Uint8Array(10 * 1024 * 1024 + 1)], '扫描件.pdf', { type: 'application/pdf' }));
    expect(await screen.findByText('文件「扫描件.pdf」超过 10 MB，请压缩后再上传')).toBeTruthy();
    await user.upload(fileInput(container), new File([Uint8Array.from([0x4d, 0x5a])], 'setup.exe', { type: 'application/x-msdownload' }));
    expect(await screen.findByText('文件「setup.exe」不是 JPG、PNG 图片或 PDF 文件，不能上传')).toBeTruthy();
    expect(uploads()).toEqual([]);
  });

  it('shows an uploaded file in the application’s attachments with a download link', async () => {
    // Another application than the tests above uploaded to: the mock keeps their files.
    const other = dataset.applications[1]!.appNo;
    const { container } = renderMicroApp(<AttachmentList appNo={other} />, { url: '/app/new-connection', props });
    expect(await screen.findByText('附件（0）')).toBeTruthy();
    await userEvent.upload(fileInput(container), new File([PNG], '身份证.png', { type: 'image/png' }));
    await waitFor(() => expect(screen.getByText('附件（1）')).toBeTruthy());
    const download = await screen.findByRole('link', { name: /下载/ });
    expect(download.getAttribute('href')).toMatch(new RegExp(`^${API}/applications/${other}/attachments/[0-9a-f-]+/content\\?download=1$`));
    expect(screen.getByRole('img', { name: '身份证.png' }).getAttribute('src')).toMatch(/\/content$/);
  });
});
