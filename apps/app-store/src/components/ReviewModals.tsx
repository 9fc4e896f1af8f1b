import { App, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useApproveVersion, useRejectVersion } from '../api/queries.ts';
import { useGuardedClose, useServerErrors } from '@wb/sdk/react';

export interface ReviewTarget {
  appId: string;
  appName: string;
  version: string;
}

interface RejectValues {
  reason: string;
}

/** 驳回: the reason is required (2–500 characters) and goes back to the publisher with the version. */
export function RejectModal({ target, onClose }: { target: ReviewTarget | null; onClose(): void }) {
  const [form] = Form.useForm<RejectValues>();
  const reject = useRejectVersion();
  const { message } = App.useApp();
  const showErrors = useServerErrors();
  const close = () => {
    form.resetFields();
    onClose();
  };
  const guardedClose = useGuardedClose(form, close);
  const submit = async () => {
    if (!target) return;
    const { reason } = await form.validateFields();
    try {
      await reject.mutateAsync({ appId: target.appId, version: target.version, reason: reason.trim() });
      void message.success(`已驳回 ${target.appName} ${target.version}`);
      close();
    } catch (error) {
      showErrors(form, error);
    }
  };
  return (
    <Modal
      open={target !== null}
      title={target ? `驳回 ${target.appName} ${target.version}` : '驳回'}
      okText="驳回"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={reject.isPending}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={guardedClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label="驳回原因"
          rules={[
            { required: true, whitespace: true, message: '请填写驳回原因' },
            { min: 2, message: '驳回原因至少 2 个字' },
            { max: 500, message: '驳回原因最多 500 个字' },
          ]}
        >
          <Input.TextArea rows={4} placeholder="说明需要发布者修改的内容" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ApproveValues {
  makeCurrent: boolean;
  opinion?: string;
}

/** 通过: publishes the version and, unless unticked, makes it the current one at once. */
export function ApproveModal({ target, onClose }: { target: ReviewTarget | null; onClose(): void }) {
  const [form] = Form.useForm<ApproveValues>();
  const approve = useApproveVersion();
  const { message } = App.useApp();
  const showErrors = useServerErrors();
  const close = () => {
    form.resetFields();
    onClose();
  };
  const guardedClose = useGuardedClose(form, close);
  const submit = async () => {
    if (!target) return;
    const values = await form.validateFields();
    try {
      await approve.mutateAsync({ appId: target.appId, version: target.version, makeCurrent: values.makeCurrent, opinion: values.opinion?.trim() });
      void message.success(`已通过 ${target.appName} ${target.version}`);
      close();
    } catch (error) {
      showErrors(form, error);
    }
  };
  return (
    <Modal
      open={target !== null}
      title={target ? `审核通过 ${target.appName} ${target.version}` : '审核通过'}
      okText="通过"
      cancelText="取消"
      confirmLoading={approve.isPending}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={guardedClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ makeCurrent: true }}>
        <Typography.Paragraph type="secondary">通过后版本状态变为“已发布”，其声明的权限登记到权限目录，管理员即可授权。</Typography.Paragraph>
        <Form.Item name="makeCurrent" valuePropName="checked">
          <Checkbox>立即设为当前版本（不勾选则保留用于灰度发布）</Checkbox>
        </Form.Item>
        <Form.Item name="opinion" label="审核意见" rules={[{ max: 500, message: '审核意见最多 500 个字' }]}>
          <Input.TextArea rows={2} placeholder="选填" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
