import { Button, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { ATTACHMENT_ACCEPT, attachmentFileProblem } from '@wb/contracts/attachments';

export interface AttachmentPickerProps {
  id?: string;
  value?: File[];
  onChange?: (files: File[]) => void;
  /** Button text, e.g. 选择证件. */
  label: string;
  /** Shown under the field for a refused file (too big, wrong type). */
  onProblem?: (message: string) => void;
}

/**
 * Files chosen on a form before the application exists (受理): kept in the form, sent once it is registered (the
 * page uploads them then). Too big or of the wrong type: refused here with the server's Chinese words.
 */
export function AttachmentPicker({ id, value = [], onChange, label, onProblem }: AttachmentPickerProps) {
  const fileList: UploadFile[] = value.map((file, i) => ({ uid: `${i}-${file.name}-${file.size}`, name: file.name, status: 'done', originFileObj: file as UploadFile['originFileObj'] }));
  return (
    <Upload
      id={id}
      accept={ATTACHMENT_ACCEPT}
      multiple
      fileList={fileList}
      beforeUpload={(file, batch) => {
        // Called once per file of a multiple selection: the whole batch is taken at its first file.
        if (file === batch[0]) {
          const problems = batch.map((f) => attachmentFileProblem(f));
          for (const problem of problems) if (problem) onProblem?.(problem);
          const accepted = batch.filter((_, i) => !problems[i]);
          if (accepted.length > 0) onChange?.([...value, ...accepted]);
        }
        // Not sent now: the application does not exist yet (the list shown is the form's value).
        return Upload.LIST_IGNORE;
      }}
      onRemove={(removed) => {
        onChange?.(value.filter((_, i) => fileList[i]?.uid !== removed.uid));
      }}
    >
      <Button icon={<UploadOutlined aria-hidden />}>{label}</Button>
    </Upload>
  );
}
