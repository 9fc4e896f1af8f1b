import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Space } from 'antd';
import { OPEN_TICKET_STATUSES, TICKET_PERMISSIONS, superviseRequestSchema, urgeRequestSchema, type TicketDetail } from '@wb/contracts/ticket';
import { Authorized, useGuardedClose, useWorkbenchForm } from '@wb/sdk/react';
import { useTicketAction } from '../api/tickets.ts';

type Kind = 'urge' | 'supervise';
const TITLES: Record<Kind, string> = { urge: '催办', supervise: '督办' };
const LABELS: Record<Kind, string> = { urge: '催办原因', supervise: '督办意见' };
const SCHEMAS = { urge: urgeRequestSchema, supervise: superviseRequestSchema } as const;

/** The dialog of one kind on the SDK's form hook (ADR 0034): the contract's rule under the input, If-Match sent. */
function UrgeDialog({ kind, ticket, onClose }: { kind: Kind; ticket: TicketDetail; onClose: () => void }) {
  const action = useTicketAction(ticket.no);
  const wf = useWorkbenchForm({
    name: kind,
    schema: SCHEMAS[kind],
    submit: (body) => action.mutateAsync({ action: kind, body, version: ticket.version }),
    successMessage: `${TITLES[kind]}成功`,
    onSuccess: onClose,
  });
  // 取消 with a reason typed asks first (the SDK's guarded close), then drops the leave guard.
  const cancel = useGuardedClose(wf.form, () => {
    wf.release();
    onClose();
  });
  return (
    <Modal open title={TITLES[kind]} okText="确定" cancelText="取消" confirmLoading={wf.submitting} onOk={() => void wf.form.submit()} onCancel={cancel} destroyOnHidden>
      <Form {...wf.formProps} layout="vertical">
        {wf.error && <Alert type="error" showIcon title={wf.error} style={{ marginBottom: 16 }} />}
        <Form.Item label={LABELS[kind]} {...wf.field('reason')}>
          <Input.TextArea rows={3} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 催办 (an agent, for the customer) and 督办 (managers) with a required reason; both raise the ticket's priority. */
export function UrgeActions({ ticket }: { ticket: TicketDetail }) {
  const [open, setOpen] = useState<Kind | null>(null);
  if (!OPEN_TICKET_STATUSES.includes(ticket.status)) return null;
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
      {open && <UrgeDialog key={open} kind={open} ticket={ticket} onClose={() => setOpen(null)} />}
    </>
  );
}
