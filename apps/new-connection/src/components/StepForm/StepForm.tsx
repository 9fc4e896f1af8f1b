import { Alert, Button, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { CONNECTION_NODES, STEP_SCHEMAS, acceptResubmitSchema, type ApplicationDetail, type ConnectionNode } from '@wb/contracts/connection';
import { businessToday, useWorkbenchForm } from '@wb/sdk/react';
import { useApplicationAction, useLines, useTgs } from '../../api/connection.ts';
import { stepFields, type FieldSpec } from './fields.ts';


function CapacitySelect({ kind, orgUnitCode, id, value, onChange }: { kind: 'tg' | 'line'; orgUnitCode: string; id?: string; value?: string; onChange?: (v: string) => void }) {
  const tgs = useTgs(kind === 'tg' ? orgUnitCode : null);
  const lines = useLines(kind === 'line');
  const data = kind === 'tg' ? tgs : lines;
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      loading={data.isLoading}
      showSearch
      optionFilterProp="label"
      placeholder={kind === 'tg' ? '请选择台区' : '请选择线路'}
      options={(data.data ?? []).map((o) => ({ value: o.id, label: `${o.name}（容量 ${o.capacityKva} kVA，可开放 ${o.openKva} kVA）` }))}
    />
  );
}

/** `value`/`onChange` come from Form.Item (its direct child) and are passed on to the input. */
interface FieldProps {
  spec: FieldSpec;
  orgUnitCode: string;
  value?: never;
  onChange?: never;
  id?: string;
}

function Field({ spec, orgUnitCode, ...control }: FieldProps) {
  switch (spec.kind) {
    case 'text':
      return <Input {...control} placeholder={spec.placeholder} />;
    case 'textarea':
      return <Input.TextArea {...control} rows={2} maxLength={1000} />;
    case 'date':
      return <Input {...control} type="date" />;
    case 'number':
      return <InputNumber {...control} min={spec.min} style={{ width: '100%' }} />;
    case 'select':
      return <Select {...control} options={spec.options} placeholder="请选择" />;
    case 'radio':
      return <Radio.Group {...control} options={spec.options} />;
    case 'tg':
    case 'line':
      return <CapacitySelect {...control} kind={spec.kind} orgUnitCode={orgUnitCode} />;
  }
}

function initialValues(fields: FieldSpec[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.kind === 'date') values[f.name] = businessToday();
    if (f.kind === 'number') values[f.name] = 0;
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
    <Form {...wf.formProps} layout="vertical" initialValues={initialValues(fields)}>
      {wf.error && <Alert type="error" showIcon title={wf.error} style={{ marginBottom: 16 }} />}
      {fields.map((f) => (
        <Form.Item key={f.name} label={f.label} {...wf.field(f.name)}>
          <Field spec={f} orgUnitCode={app.orgUnitCode} />
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
