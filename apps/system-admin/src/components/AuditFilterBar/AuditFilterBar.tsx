import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import type { AuditFilters } from '../../api/queries.ts';
import { RESULT_OPTIONS } from '../ResultTag/ResultTag.tsx';

interface FilterValues {
  actor?: string;
  action?: string;
  result?: AuditFilters['result'];
  zone?: AuditFilters['zone'];
  range?: [Dayjs | null, Dayjs | null] | null;
}

const ZONE_OPTIONS = [
  { value: 'intranet', label: '内网' },
  { value: 'internet', label: '互联网' },
];

function toValues(filters: AuditFilters): FilterValues {
  return {
    actor: filters.actor,
    action: filters.action,
    result: filters.result,
    zone: filters.zone,
    range: filters.from || filters.to ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] : null,
  };
}

function toFilters(values: FilterValues): AuditFilters {
  const [from, to] = values.range ?? [null, null];
  return {
    actor: values.actor?.trim() || undefined,
    action: values.action?.trim() || undefined,
    result: values.result ?? undefined,
    zone: values.zone ?? undefined,
    from: from ? from.startOf('day').toISOString() : undefined,
    // The picked end day is included: the query's `to` is exclusive.
    to: to ? to.add(1, 'day').startOf('day').toISOString() : undefined,
    page: 1,
  };
}

/** 操作人, 动作, 结果, 区域, 时间范围; 查询 hands the filters to `onSearch` (which writes them to the URL). */
export function AuditFilterBar({ filters, onSearch }: { filters: AuditFilters; onSearch(filters: AuditFilters): void }) {
  const [form] = Form.useForm<FilterValues>();
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={toValues(filters)}
      onFinish={(values) => onSearch(toFilters(values))}
      style={{ marginBottom: 16, rowGap: 8 }}
    >
      <Form.Item name="actor" label="操作人">
        <Input allowClear style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="action" label="动作">
        <Input allowClear placeholder="如 login" style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="result" label="结果">
        <Select allowClear options={RESULT_OPTIONS} style={{ width: 100 }} />
      </Form.Item>
      <Form.Item name="zone" label="区域">
        <Select allowClear options={ZONE_OPTIONS} style={{ width: 110 }} />
      </Form.Item>
      <Form.Item name="range" label="时间范围">
        <DatePicker.RangePicker allowEmpty={[true, true]} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit">
          查询
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            onSearch({ page: 1 });
          }}
        >
          重置
        </Button>
      </Space>
    </Form>
  );
}
