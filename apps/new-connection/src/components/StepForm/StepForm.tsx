import { Alert, Button, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { CONNECTION_NODES, STEP_SCHEMAS, acceptResubmitSchema, type ApplicationDetail, type ConnectionNode } from '@wb/contracts/connection';
import { businessToday, useWorkbenchForm } from '@wb/sdk/react';
import { useApplicationAction, useLines, useTgs } from '../../api/connection.ts';
import { DateField } from '../DateField/DateField.tsx';
import { stepFields, type FieldSpec } from './fields.ts';


interface CapacityOption {
  id: string;
  name: string;
  capacityKva: number;
  openKva: number;
}

/** Options that fit the application first (most room first), then those that do not: 方案 would refuse them. */
function byFit(options: readonly CapacityOption[], need: number): CapacityOption[] {
  const fits = (o: CapacityOption): number => (o.openKva >= need ? 0 : 1);
  return [...options].sort((a, b) => fits(a) - fits(b) || b.openKva - a.openKva || a.name.localeCompare(b.name, 'zh-CN'));
}

function CapacitySelect({ kind, orgUnitCode, need, unit, id, value, onChange }: { kind: 'tg' | 'line'; orgUnitCode: string; need: number; unit: string; id?: string; value?: string; onChange?: (v: string) => void }) {
  const tgs = useTgs(kind === 'tg' ? orgUnitCode : null);
  const lines = useLines(kind === 'line');
  const data = kind === 'tg' ? tgs : lines;
  const noun = kind === 'tg' ? '台区' : '线路';
  const options = byFit(data.data ?? [], need);
  const chosen = options.find((o) => o.id === value);
  return (
    <>
      <Select
        id={id}
        value={value}
        onChange={onChange}
        loading={data.isPending}
        notFoundContent={data.isPending ? '加载中…' : undefined}
        showSearch
        optionFilterProp="label"
        placeholder={`请选择${noun}`}
        options={options.map((o) => ({
          value: o.id,
          label: `${o.name}（容量 ${o.capacityKva} kVA，可开放 ${o.openKva} kVA${o.openKva < need ? '，不足' : ''}）`,
        }))}
      />
      {chosen && chosen.openKva < need ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          title={`${noun}「${chosen.name}」可开放容量 ${chosen.openKva} kVA，小于申请容量 ${need} ${unit}：供电方案环节将不能通过。请改选可开放容量足够的${noun}，或勘查结果选择「需配套电网工程」。`}
        />
      ) : null}
    </>
  );
}

/** `value`/`onChange` come from Form.Item (its direct child) and are passed on to the input. */
interface FieldProps {
  spec: FieldSpec;
  orgUnitCode: string;
  /** 申请容量 and its unit: what a 台区 or line must still be able to take. */
  need: number;
  unit: string;
  value?: never;
  onChange?: never;
  id?: string;
}

function Field({ spec, orgUnitCode, need, unit, ...control }: FieldProps) {
  switch (spec.kind) {
    case 'text':
      return <Input {...control} placeholder={spec.placeholder} />;
    case 'textarea':
      return <Input.TextArea {...control} rows={2} maxLength={1000} />;
    case 'date':
      return <DateField {...control} />;
    case 'number':
      return <InputNumber {...control} min={spec.min} style={{ width: '100%' }} />;
    case 'select':
      return <Select {...control} options={spec.options} placeholder="请选择" />;
    case 'radio':
      return <Radio.Group {...control} options={spec.options} />;
    case 'tg':
    case 'line':
      return <CapacitySelect {...control} kind={spec.kind} orgUnitCode={orgUnitCode} need={need} unit={unit} />;
  }
}

function initialValues(fields: FieldSpec[], app: ApplicationDetail): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.kind === 'date') values[f.name] = businessToday();
    if (f.kind === 'number') values[f.name] = 0;
    // The 台区 or line chosen so far (a survey again after a 退回, or 方案 changing it).
    if (f.kind === 'tg' && app.tgId) values[f.name] = app.tgId;
    if (f.kind === 'line' && app.lineId) values[f.name] = app.lineId;
  }
  return values;
}

export interface StepFormProps {
  app: ApplicationDetail;
  node: ConnectionNode;
  onDone?: (detail: ApplicationDetail) => void;
}

/** The form of the open node: validated with the contract's schema, sent with If-Match, server errors under their fields. */
export function StepForm({ app, node, onDone }: StepFormProps) {
  const action = useApplicationAction(app.appNo);
  const fields = stepFields(node, app.category === '高压');
  const schema = node === 'accept' ? acceptResubmitSchema : STEP_SCHEMAS[node];
  const wf = useWorkbenchForm({
    // Unique per instance: antd derives the inputs' ids (and the labels' `for`) from it.
    name: `step-${node}`,
    schema,
    submit: (body) => action.mutateAsync({ action: `${node}:complete`, body, version: app.version }),
    successMessage: `「${CONNECTION_NODES[node]}」已提交`,
    // A 412 refetches the application (the mutation invalidates it on settle): the step form stays filled.
    onSuccess: (detail) => onDone?.(detail),
  });

  return (
    <Form {...wf.formProps} layout="vertical" initialValues={initialValues(fields, app)}>
      {wf.error && <Alert type="error" showIcon title={wf.error} style={{ marginBottom: 16 }} />}
      {fields.map((f) => (
        <Form.Item key={f.name} label={f.label} {...wf.field(f.name)}>
          <Field spec={f} orgUnitCode={app.orgUnitCode} need={app.applyCap} unit={app.capUnit} />
        </Form.Item>
      ))}
      <Space>
        <Button type="primary" htmlType="submit" loading={wf.submitting}>
          提交{CONNECTION_NODES[node]}
        </Button>
      </Space>
    </Form>
  );
}
