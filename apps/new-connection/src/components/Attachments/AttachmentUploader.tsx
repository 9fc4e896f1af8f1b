import { useState } from 'react';
import { App, Button, Upload } from 'antd';
import type { UploadProps } from 'antd';
import { CameraOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { ResponseError } from '@wb/contracts';
import { ATTACHMENT_ACCEPT, attachmentFileProblem, type AttachmentKind } from '@wb/contracts/attachments';
import { attachmentKeys, uploadAttachment, useConnectionClient } from '../../api/attachments.ts';

export interface AttachmentUploaderProps {
  appNo: string;
  kind: AttachmentKind;
  /** Button text, e.g. 上传证件. */
  label: string;
  /** Site photos: images only, and the camera on a phone (`capture`). */
  photo?: boolean;
}

/**
 * Adds files to an application at once (勘查, 装表接电, 受理's documents after registering): antd Upload with a
 * custom request through the app's service client. Too big or of the wrong type: a Chinese message, nothing sent.
 */
export function AttachmentUploader({ appNo, kind, label, photo = false }: AttachmentUploaderProps) {
  const client = useConnectionClient();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [sending, setSending] = useState(0);

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    const problem = attachmentFileProblem(file);
    if (problem) {
      void message.error(problem);
      return Upload.LIST_IGNORE;
    }
    return true;
  };
  const customRequest: UploadProps['customRequest'] = ({ file, onSuccess, onError }) => {
    setSending((n) => n + 1);
    uploadAttachment(client, appNo, kind, file as File)
      .then((attachment) => {
        onSuccess?.(attachment);
        void message.success(`已上传「${attachment.fileName}」`);
      })
      .catch((error: unknown) => {
        onError?.(error as Error);
        void message.error(error instanceof ResponseError ? error.message : '上传失败，请稍后重试');
      })
      .finally(() => {
        setSending((n) => n - 1);
        void queryClient.invalidateQueries({ queryKey: attachmentKeys.list(appNo) });
      });
  };

  return (
    <Upload
      accept={photo ? 'image/*' : ATTACHMENT_ACCEPT}
      {...(photo ? { capture: 'environment' as const } : {})}
      multiple
      showUploadList={false}
      beforeUpload={beforeUpload}
      customRequest={customRequest}
    >
      <Button icon={photo ? <CameraOutlined aria-hidden /> : <UploadOutlined aria-hidden />} loading={sending > 0}>
        {label}
      </Button>
    </Upload>
  );
}
