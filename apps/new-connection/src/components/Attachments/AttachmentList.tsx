import { App, Button, Card, Empty, Flex, Image, Popconfirm, Space, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { ResponseError } from '@wb/contracts';
import { QueryError, formatTime } from '@wb/sdk/react';
import type { Attachment } from '@wb/contracts/attachments';
import { useAttachmentUrl, useAttachments, useDeleteAttachment } from '../../api/attachments.ts';
import { AttachmentUploader } from './AttachmentUploader.tsx';

const sizeText = (bytes: number): string => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

function AttachmentItem({ attachment, onDelete, deleting }: { attachment: Attachment; onDelete: () => Promise<void>; deleting: boolean }) {
  const url = useAttachmentUrl();
  const image = attachment.contentType !== 'application/pdf';
  return (
    <Card size="small" style={{ width: 176 }} data-testid="attachment" styles={{ body: { padding: 8 } }}>
      <Flex vertical gap={4}>
        {image ? (
          <Image src={url(attachment)} alt={attachment.fileName} width={158} height={110} style={{ objectFit: 'cover' }} />
        ) : (
          <Flex align="center" justify="center" style={{ height: 110 }}>
            <FilePdfOutlined style={{ fontSize: 40 }} aria-label="PDF 文件" />
          </Flex>
        )}
        <Typography.Text ellipsis={{ tooltip: attachment.fileName }} strong>
          {attachment.fileName}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {attachment.kindName} · {attachment.stepName} · {sizeText(attachment.size)}
          <br />
          {attachment.uploadedByName} {formatTime(attachment.uploadedAt)}
        </Typography.Text>
        <Space size={4}>
          <Button size="small" icon={<DownloadOutlined aria-hidden />} href={url(attachment, true)} download={attachment.fileName}>
            下载
          </Button>
          {attachment.mayDelete && (
            <Popconfirm title={`删除附件「${attachment.fileName}」？`} okText="删除" cancelText="取消" onConfirm={onDelete}>
              <Button size="small" danger icon={<DeleteOutlined aria-hidden />} loading={deleting} aria-label={`删除 ${attachment.fileName}`} />
            </Popconfirm>
          )}
        </Space>
      </Flex>
    </Card>
  );
}

/** The uploads offered at a step: 受理's documents, or site photos (camera on a phone) and other files. */
function Uploaders({ appNo, step }: { appNo: string; step: string }) {
  if (step === 'accept') {
    return (
      <Space wrap>
        <AttachmentUploader appNo={appNo} kind="ID_DOC" label="上传证件" />
        <AttachmentUploader appNo={appNo} kind="PROPERTY_PROOF" label="上传产权证明" />
      </Space>
    );
  }
  return (
    <Space wrap>
      <AttachmentUploader appNo={appNo} kind="SITE_PHOTO" label="拍照 / 上传现场照片" photo />
      <AttachmentUploader appNo={appNo} kind="OTHER" label="上传其他附件" />
    </Space>
  );
}

/**
 * 附件 of an application (issue 17, ADR 0067): thumbnails of images, PDFs as icons, download links; the caller's
 * own files deletable while their step is open; uploads while the caller has a step open.
 */
export function AttachmentList({ appNo }: { appNo: string }) {
  const { message } = App.useApp();
  const query = useAttachments(appNo);
  const remove = useDeleteAttachment(appNo);
  if (query.isPending) return <Card title="附件" loading />;
  if (query.error) return <QueryError query={query} title="附件加载失败" />;
  const { items, uploadStep } = query.data;
  return (
    <Card title={`附件（${items.length}）`}>
      {uploadStep && (
        <div style={{ marginBottom: 12 }}>
          <Uploaders appNo={appNo} step={uploadStep} />
        </div>
      )}
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无附件" />
      ) : (
        <Image.PreviewGroup>
          <Flex wrap gap={8}>
            {items.map((a) => (
              <AttachmentItem
                key={a.id}
                attachment={a}
                deleting={remove.isPending && remove.variables === a.id}
                onDelete={async () => {
                  try {
                    await remove.mutateAsync(a.id);
                    void message.success(`已删除「${a.fileName}」`);
                  } catch (e) {
                    void message.error(e instanceof ResponseError ? e.message : '删除失败，请稍后重试');
                  }
                }}
              />
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
    </Card>
  );
}
