import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { CONNECTION_NODES, STEP_SCHEMAS, acceptResubmitSchema, type ApplicationDetail, type ConnectionNode } from '@wb/contracts/connection';
import { ResponseError } from '@wb/contracts';
import { businessToday } from '@wb/sdk';
import { useFormName, useLeaveGuard } from '@wb/sdk/react';
import { useApplicationAction, useLines, useTgs } from '../../api/connection.ts';
import { issuesToFields } from '../../format.ts';
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
  const [form] = Form.useForm<Record<string, unknown>>();
  const { message } = App.useApp();
  const action = useApplicationAction(app.appNo);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const release = useLeaveGuard(dirty);
  const fields = stepFields(node, app.category === '高压');
  // Unique per instance: antd derives the inputs' ids (and the labels' `for`) from it.
  const formName = useFormName(`step-${node}`);
  const schema = node === 'accept' ? acceptResubmitSchema : STEP_SCHEMAS[node];

  const submit = async (): Promise<void> => {
    const raw = form.getFieldsValue(true) as Record<string, unknown>;
    const values = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
    form.setFields(fields.map((f) => ({ name: f.name, errors: [] })));
    setError(null);
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      form.setFields(Object.entries(issuesToFields(parsed.error.issues)).map(([name, e]) => ({ name, errors: [e] })));
      return;
    }
    try {
      const detail = await action.mutateAsync({ action: `${node}:complete`, body: parsed.data, version: app.version });
      release();
      setDirty(false);
      void message.success(`「${CONNECTION_NODES[node]}」已提交`);
      onDone?.(detail);
    } catch (e) {
      if (e instanceof ResponseError) {
        const known = Object.entries(e.fields ?? {}).filter(([name]) => fields.some((f) => f.name === name));
        form.setFields(known.map(([name, msg]) => ({ name, errors: [msg] })));
        setError(e.message);
      } else {
        setError('提交失败，请稍后重试');
      }
    }
  };

  return (
    <Form form={form} layout="vertical" name={formName} initialValues={initialValues(fields)} onValuesChange={() => setDirty(true)} onFinish={() => void submit()}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {fields.map((f) => (
        <Form.Item key={f.name} name={f.name} label={f.label}>
          <Field spec={f} orgUnitCode={app.orgUnitCode} />
        </Form.Item>
      ))}
      <Space>
        <Button type="primary" htmlType="submit" loading={action.isPending}>
          提交{CONNECTION_NODES[node]}
        </Button>
      </Space>
    </Form>
  );
}
