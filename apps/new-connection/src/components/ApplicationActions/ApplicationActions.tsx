import { useState } from 'react';
import { App, Button, Form, Input, Modal, Radio, Space } from 'antd';
import { ResponseError } from '@wb/contracts';
import { type ApplicationDetail } from '@wb/contracts/connection';
import { useDialogClose, useFormName } from '@wb/sdk/react';
import { useApplicationAction } from '../../api/connection.ts';

type Kind = 'return' | 'suspend' | 'resume';
const TITLES: Record<Kind, string> = { return: '退回', suspend: '客户原因暂停', resume: '恢复办理' };

/**
 * 退回 (to the previous node or to 受理 to fix documents), 暂停 and 恢复 with a required reason. 退回 and 暂停
 * act on the open step: offered only to whoever may act on it (`mayAct`, the server's rule).
 */
export function ApplicationActions({ app, mayAct }: { app: ApplicationDetail; mayAct: boolean }) {
  const [open, setOpen] = useState<Kind | null>(null);
  const [form] = Form.useForm<{ reason: string; target?: 'previous' | 'accept' }>();
  const action = useApplicationAction(app.appNo);
  const { message } = App.useApp();
  const formName = useFormName('application-action');
  // A typed reason asks before 取消 drops it, and leaving the page asks too (docs/quality.md R5).
  const { close, guardedClose } = useDialogClose(form, () => setOpen(null));
  if (app.status === 'COMPLETED') return null;

  const submit = async (): Promise<void> => {
    if (!open) return;
    const { reason, target } = form.getFieldsValue();
    if (!reason || reason.trim().length < 2) {
      form.setFields([{ name: 'reason', errors: [open === 'return' ? '请填写退回原因' : '请填写原因'] }]);
      return;
    }
    try {
      await action.mutateAsync({ action: open, body: open === 'return' ? { target: target ?? 'previous', reason } : { reason }, version: app.version });
      void message.success(`${TITLES[open]}成功`);
      close();
    } catch (e) {
      void message.error(e instanceof ResponseError ? e.message : '操作失败，请稍后重试');
    }
  };

  return (
    <>
      <Space>
        {app.status === 'IN_PROGRESS' && mayAct && app.nodeKey !== 'accept' && <Button onClick={() => setOpen('return')}>退回</Button>}
        {app.status === 'IN_PROGRESS' && mayAct && <Button onClick={() => setOpen('suspend')}>客户原因暂停</Button>}
        {app.status === 'SUSPENDED' && <Button type="primary" onClick={() => setOpen('resume')}>恢复办理</Button>}
      </Space>
      <Modal open={open !== null} title={open ? TITLES[open] : ''} okText="确定" cancelText="取消" confirmLoading={action.isPending} onOk={() => void submit()} onCancel={guardedClose} destroyOnHidden>
        <Form form={form} name={formName} layout="vertical" initialValues={{ target: 'previous' }}>
          {open === 'return' && (
            <Form.Item name="target" label="退回到">
              <Radio.Group options={[{ value: 'previous', label: '上一环节' }, { value: 'accept', label: '受理（补正资料）' }]} />
            </Form.Item>
          )}
          <Form.Item name="reason" label="原因" required>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
