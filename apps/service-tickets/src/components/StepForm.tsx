import { useState } from 'react';
import { Alert, Button, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { MAX_TICKET_UNITS, REVISIT_OUTCOMES, TICKET_NODES, TICKET_STEP_SCHEMAS, type TicketDetail, type TicketStepNode, type TicketStepRequest } from '@wb/contracts/ticket';
import { ResponseError } from '@wb/contracts';
import { businessDateTimeInput, dropEmpty, fromBusinessDateTimeInput, useWorkbenchForm } from '@wb/sdk/react';
import type { FormSchema, WorkbenchForm } from '@wb/sdk/react';
import { useTicketAction, useUnits } from '../api/tickets.ts';

/** The time inputs: typed on the Beijing wall clock (whatever the PC's zone), sent as ISO instants. */
const TIME_FIELDS = ['arrivedAt', 'restoredAt'] as const;

const SUBMIT_LABELS: Record<TicketStepNode, string> = {
  dispatch: '确认派单',
  accept: '提交',
  arrive: '确认到达',
  handle: '提交回单',
  review: '提交审核',
  revisit: '提交回访',
};

function DispatchFields({ ticket, wf }: { ticket: TicketDetail; wf: WorkbenchForm }) {
  const units = useUnits();
  const options = [{ value: ticket.orgUnitCode, label: `${ticket.orgUnitName}（按台区）` }, ...units.filter((u) => u.code !== ticket.orgUnitCode).map((u) => ({ value: u.code, label: u.name }))];
  return (
    <>
      <Form.Item label="处理单位" {...wf.field('orgUnitCode')} extra="默认派往客户台区所属供电所；改派请选择其他供电所">
        <Select aria-label="处理单位" showSearch={{ optionFilterProp: 'label' }} options={options} />
      </Form.Item>
      {ticket.type !== 'REPAIR' && (
        <Form.Item
          label="协办单位（联合办理）"
          {...wf.field('coUnitCodes')}
          extra={`需要多个供电所共同处理时选择，最多 ${MAX_TICKET_UNITS - 1} 个；各单位分别接单、回单、审核，全部通过后转回访`}
        >
          <Select
            aria-label="协办单位"
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={units.map((u) => ({ value: u.code, label: u.name }))}
          />
        </Form.Item>
      )}
    </>
  );
}

/** A time input on the Beijing wall clock; the schema checks the ISO instant the form sends (see `prepare`). */
function TimeItem({ label, name }: { label: string; name: (typeof TIME_FIELDS)[number] }) {
  return (
    <Form.Item label={label} name={name} extra="北京时间">
      <Input type="datetime-local" />
    </Form.Item>
  );
}

function Fields({ node, ticket, wf, branch }: { node: TicketStepNode; ticket: TicketDetail; wf: WorkbenchForm; branch: number | null }) {
  const opinion = (label = '意见') => (
    <Form.Item label={label} {...wf.field('opinion')}>
      <Input.TextArea rows={2} maxLength={500} />
    </Form.Item>
  );
  switch (node) {
    case 'dispatch':
      return (
        <>
          <DispatchFields ticket={ticket} wf={wf} />
          {opinion('派单意见')}
        </>
      );
    case 'accept':
      return (
        <>
          <Form.Item label="接单" {...wf.field('outcome')}>
            <Radio.Group
              options={[{ value: 'accept', label: '接单' }, ...(branch === null ? [{ value: 'return', label: '退回派单（非本单位业务）' }] : [])]}
            />
          </Form.Item>
          {opinion(branch === null ? '意见（退回时必填）' : '意见')}
        </>
      );
    case 'arrive':
      return (
        <>
          <TimeItem label="到达时间" name="arrivedAt" />
          {opinion('现场情况')}
        </>
      );
    case 'handle':
      return (
        <>
          {ticket.type === 'REPAIR' && (
            <Form.Item label="故障原因" {...wf.field('cause')}>
              <Input.TextArea rows={2} maxLength={200} />
            </Form.Item>
          )}
          <Form.Item label="处理结果" {...wf.field('result')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          {ticket.type === 'REPAIR' && (
            <TimeItem label="恢复供电时间" name="restoredAt" />
          )}
          <Form.Item label="现场照片说明" {...wf.field('photoNote')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      );
    case 'review':
      return (
        <>
          <Form.Item label="审核结论" {...wf.field('outcome')}>
            <Radio.Group
              options={[
                { value: 'pass', label: branch === null ? '审核通过（转回访）' : '审核通过（各单位均通过后转回访）' },
                { value: 'reject', label: branch === null ? '退单（退回供电所重新处理）' : '退单（仅退回该单位重新处理）' },
              ]}
            />
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
          <Form.Item label="回访结果" {...wf.field('outcome')}>
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
      return { arrivedAt: businessDateTimeInput() };
    case 'handle':
      return ticket.type === 'REPAIR' ? { restoredAt: businessDateTimeInput() } : {};
    default:
      return {};
  }
}

export interface StepFormProps {
  ticket: TicketDetail;
  node: TicketStepNode;
  /** 联合办理: the unit's branch this step belongs to (sent as \`branch\`), else null. */
  branch?: number | null;
  /** A refusal of the server (412 stale, 409 moved on …): the page shows it above, where it survives the reload. */
  onRefused: (message: string | null) => void;
  /** After the step is taken, with the ticket as it is now (the page leaves the step's link: its task is done). */
  onDone?: ((ticket: TicketDetail) => void) | undefined;
}

/**
 * The form of the open node on the SDK's form hook (ADR 0034): the contract's schema gives the rules and checks the
 * body before sending, If-Match carries the version seen, server errors land under their fields. A refusal of
 * the step (409, 412) also goes to the page, which shows it above the form: the form is keyed by the version and
 * remounts when the reloaded ticket arrives.
 */
export function StepForm({ ticket, node, branch = null, onRefused, onDone }: StepFormProps) {
  const action = useTicketAction(ticket.no);
  const [refusal, setRefusal] = useState<string | null>(null);
  const refuse = (message: string | null): void => {
    setRefusal(message);
    onRefused(message);
  };
  const wf = useWorkbenchForm({
    name: `step-${node}`,
    // One of six bodies, chosen by the open node; the service checks the same schema.
    schema: TICKET_STEP_SCHEMAS[node] as FormSchema<TicketStepRequest<TicketStepNode>>,
    prepare: (raw) => {
      const values = dropEmpty(raw);
      for (const key of TIME_FIELDS) if (key in values) values[key] = fromBusinessDateTimeInput(values[key]) ?? values[key];
      if (node === 'dispatch' && values['orgUnitCode'] === ticket.orgUnitCode) delete values['orgUnitCode'];
      if (node === 'dispatch' && Array.isArray(values['coUnitCodes']) && values['coUnitCodes'].length === 0) delete values['coUnitCodes'];
      if (branch !== null) values['branch'] = branch;
      return values;
    },
    submit: async (body) => {
      refuse(null);
      try {
        return await action.mutateAsync({ action: `${node}:complete`, body, version: ticket.version });
      } catch (e) {
        if (e instanceof ResponseError && (e.status === 409 || e.status === 412)) refuse(e.message);
        throw e;
      }
    },
    successMessage: `「${TICKET_NODES[node]}」已提交`,
    onSuccess: (detail) => onDone?.(detail),
    resetOnSuccess: false,
  });
  // The page shows refusals of the step; the form shows the rest (a failure not about one field).
  const ownError = wf.error && wf.error !== refusal ? wf.error : null;

  return (
    <Form {...wf.formProps} layout="vertical" initialValues={initialValues(node, ticket)}>
      {ownError && <Alert type="error" showIcon title={ownError} style={{ marginBottom: 16 }} />}
      <Fields node={node} ticket={ticket} wf={wf} branch={branch} />
      <Space>
        <Button type="primary" htmlType="submit" loading={wf.submitting}>
          {SUBMIT_LABELS[node]}
        </Button>
      </Space>
    </Form>
  );
}
