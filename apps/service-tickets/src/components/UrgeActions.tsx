import { useCallback, useState } from 'react';
import { App, Button, Form, Input, Modal, Space } from 'antd';
import { OPEN_TICKET_STATUSES, superviseRequestSchema, urgeRequestSchema, type TicketDetail } from '@wb/contracts/ticket';
import { ResponseError } from '@wb/contracts';
import { Authorized, useFormName, useGuardedClose } from '@wb/sdk/react';
import { useTicketAction } from '../api/tickets.ts';
import { TICKET_PERMISSIONS } from '../permissions.ts';

type Kind = 'urge' | 'supervise';
const TITLES: Record<Kind, string> = { urge: '催办', supervise: '督办' };
const LABELS: Record<Kind, string> = { urge: '催办原因', supervise: '督办意见' };

/** 催办 (an agent, for the customer) and 督办 (managers) with a required reason; both raise the ticket's priority. */
export function UrgeActions({ ticket }: { ticket: TicketDetail }) {
  const [open, setOpen] = useState<Kind | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const action = useTicketAction(ticket.no);
  const { message } = App.useApp();
  const formName = useFormName('urge');
  const close = useCallback(() => {
    setOpen(null);
    form.resetFields();
  }, [form]);
  const guardedClose = useGuardedClose(form, close);
  if (!OPEN_TICKET_STATUSES.includes(ticket.status)) return null;

  const submit = async (): Promise<void> => {
    if (!open) return;
    const parsed = (open === 'urge' ? urgeRequestSchema : superviseRequestSchema).safeParse({ reason: form.getFieldValue('reason') ?? '' });
    if (!parsed.success) {
      form.setFields([{ name: 'reason', errors: [parsed.error.issues[0]?.message ?? `请填写${LABELS[open]}`] }]);
      return;
    }
    try {
      await action.mutateAsync({ action: open, body: parsed.data, version: ticket.version });
      void message.success(`${TITLES[open]}成功`);
      close();
    } catch (e) {
      void message.error(e instanceof ResponseError ? e.message : '操作失败，请稍后重试');
    }
  };

  return (
    <>
      <Space>
        <Authorized permission={TICKET_PERMISSIONS.accept}>
          <Button onClick={() => setOpen('urge')}>催办</Button>
        </Authorized>
        <Authorized permission={TICKET_PERMISSIONS.supervise}>
          <Button danger onClick={() => setOpen('supervise')} disabled={ticket.supervised}>
            {ticket.supervised ? '已督办' : '督办'}
          </Button>
        </Authorized>
      </Space>
      <Modal open={open !== null} title={open ? TITLES[open] : ''} okText="确定" cancelText="取消" confirmLoading={action.isPending} onOk={() => void submit()} onCancel={guardedClose} destroyOnHidden>
        <Form form={form} name={formName} layout="vertical">
          <Form.Item name="reason" label={open ? LABELS[open] : ''} required>
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
