import { useState } from 'react';
import { App, Button, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { REVISIT_OUTCOMES, TICKET_NODES, TICKET_STEP_SCHEMAS, type TicketDetail, type TicketStepNode } from '@wb/contracts/ticket';
import { ResponseError } from '@wb/contracts';
import { issuesToFields, useFormName, useLeaveGuard } from '@wb/sdk/react';
import { useTicketAction, useUnits } from '../api/tickets.ts';

/** `2026-11-27T09:30` for a datetime-local input, in the browser's zone. */
function localNow(): string {
  const d = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const toIso = (local: unknown): string | undefined => (typeof local === 'string' && local !== '' ? new Date(local).toISOString() : undefined);

const SUBMIT_LABELS: Record<TicketStepNode, string> = {
  dispatch: '确认派单',
  accept: '提交',
  arrive: '确认到达',
  handle: '提交回单',
  review: '提交审核',
  revisit: '提交回访',
};

function DispatchFields({ ticket }: { ticket: TicketDetail }) {
  const units = useUnits();
  const options = [{ value: ticket.orgUnitCode, label: `${ticket.orgUnitName}（按台区）` }, ...units.filter((u) => u.code !== ticket.orgUnitCode).map((u) => ({ value: u.code, label: u.name }))];
  return (
    <Form.Item label="处理单位" name="orgUnitCode" extra="默认派往客户台区所属供电所；改派请选择其他供电所">
      <Select aria-label="处理单位" showSearch={{ optionFilterProp: 'label' }} options={options} />
    </Form.Item>
  );
}

function Fields({ node, ticket }: { node: TicketStepNode; ticket: TicketDetail }) {
  const opinion = (label = '意见', required = false) => (
    <Form.Item label={label} name="opinion" required={required}>
      <Input.TextArea rows={2} maxLength={500} />
    </Form.Item>
  );
  switch (node) {
    case 'dispatch':
      return (
        <>
          <DispatchFields ticket={ticket} />
          {opinion('派单意见')}
        </>
      );
    case 'accept':
      return (
        <>
          <Form.Item label="接单" name="outcome">
            <Radio.Group options={[{ value: 'accept', label: '接单' }, { value: 'return', label: '退回派单（非本单位业务）' }]} />
          </Form.Item>
          {opinion('意见（退回时必填）')}
        </>
      );
    case 'arrive':
      return (
        <>
          <Form.Item label="到达时间" name="arrivedAt">
            <Input type="datetime-local" />
          </Form.Item>
          {opinion('现场情况')}
        </>
      );
    case 'handle':
      return (
        <>
          {ticket.type === 'REPAIR' && (
            <Form.Item label="故障原因" name="cause">
              <Input.TextArea rows={2} maxLength={200} />
            </Form.Item>
          )}
          <Form.Item label="处理结果" name="result" required>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          {ticket.type === 'REPAIR' && (
            <Form.Item label="恢复供电时间" name="restoredAt">
              <Input type="datetime-local" />
            </Form.Item>
          )}
          <Form.Item label="现场照片说明" name="photoNote">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      );
    case 'review':
      return (
        <>
          <Form.Item label="审核结论" name="outcome" required>
            <Radio.Group options={[{ value: 'pass', label: '审核通过（转回访）' }, { value: 'reject', label: '退单（退回供电所重新处理）' }]} />
          </Form.Item>
          {opinion('审核意见（退单时必填原因）')}
        </>
      );
    case 'revisit':
      return (
        <>
          <Typography.Paragraph type="secondary">
            已回访 {ticket.revisitAttempts} 次；无法联系的最多回访 3 次，第 3 次仍无法联系即归档。
          </Typography.Paragraph>
          <Form.Item label="回访结果" name="outcome" required>
            <Radio.Group options={Object.entries(REVISIT_OUTCOMES).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          {opinion('客户意见')}
        </>
      );
  }
}

function initialValues(node: TicketStepNode, ticket: TicketDetail): Record<string, unknown> {
  switch (node) {
    case 'dispatch':
      return { orgUnitCode: ticket.orgUnitCode };
    case 'accept':
      return { outcome: 'accept' };
    case 'arrive':
      return { arrivedAt: localNow() };
    case 'handle':
      return ticket.type === 'REPAIR' ? { restoredAt: localNow() } : {};
    default:
      return {};
  }
}

export interface StepFormProps {
  ticket: TicketDetail;
  node: TicketStepNode;
  /** A refusal of the server (412 stale, 409 moved on …): the page shows it above, where it survives the reload. */
  onRefused: (message: string | null) => void;
}

/** The form of the open node: validated with the contract's schema, sent with If-Match, server errors under their fields. */
export function StepForm({ ticket, node, onRefused }: StepFormProps) {
  const [form] = Form.useForm<Record<string, unknown>>();
  const { message } = App.useApp();
  const action = useTicketAction(ticket.no);
  const [dirty, setDirty] = useState(false);
  const release = useLeaveGuard(dirty);
  const formName = useFormName(`step-${node}`);

  const submit = async (): Promise<void> => {
    const raw = form.getFieldsValue(true) as Record<string, unknown>;
    const values: Record<string, unknown> = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
    for (const key of ['arrivedAt', 'restoredAt']) if (key in values) values[key] = toIso(values[key]);
    if (node === 'dispatch' && values['orgUnitCode'] === ticket.orgUnitCode) delete values['orgUnitCode'];
    form.setFields(Object.keys(raw).map((name) => ({ name, errors: [] })));
    onRefused(null);
    const parsed = TICKET_STEP_SCHEMAS[node].safeParse(values);
    if (!parsed.success) {
      form.setFields(Object.entries(issuesToFields(parsed.error.issues)).map(([name, e]) => ({ name, errors: [e] })));
      return;
    }
    try {
      await action.mutateAsync({ action: `${node}:complete`, body: parsed.data, version: ticket.version });
      release();
      setDirty(false);
      void message.success(`「${TICKET_NODES[node]}」已提交`);
    } catch (e) {
      if (e instanceof ResponseError) {
        form.setFields(Object.entries(e.fields ?? {}).filter(([name]) => name in raw).map(([name, msg]) => ({ name, errors: [msg] })));
        onRefused(e.message);
      } else {
        onRefused('提交失败，请稍后重试');
      }
    }
  };

  return (
    <Form form={form} layout="vertical" name={formName} initialValues={initialValues(node, ticket)} onValuesChange={() => setDirty(true)} onFinish={() => void submit()}>
      <Fields node={node} ticket={ticket} />
      <Space>
        <Button type="primary" htmlType="submit" loading={action.isPending}>
          {SUBMIT_LABELS[node]}
        </Button>
      </Space>
    </Form>
  );
}
