import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { formatDate, fromBusinessDateTimeInput } from '@wb/sdk/react';
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

/** The calendar day a picker shows for an instant: its date in Asia/Shanghai (the browser's zone does not matter). */
const pickerDay = (instant: string): Dayjs => dayjs(formatDate(instant));
/** The start (00:00 Asia/Shanghai) of a picked calendar day, as an instant. */
const dayStart = (day: Dayjs): string | undefined => fromBusinessDateTimeInput(`${day.format('YYYY-MM-DD')}T00:00`);

function toValues(filters: AuditFilters): FilterValues {
  return {
    actor: filters.actor,
    action: filters.action,
    result: filters.result,
    zone: filters.zone,
    // `to` is exclusive (the next day's start): the picker shows the last day included.
    range: filters.from || filters.to ? [filters.from ? pickerDay(filters.from) : null, filters.to ? pickerDay(new Date(Date.parse(filters.to) - 1).toISOString()) : null] : null,
  };
}

function toFilters(values: FilterValues): AuditFilters {
  const [from, to] = values.range ?? [null, null];
  return {
    actor: values.actor?.trim() || undefined,
    action: values.action?.trim() || undefined,
    result: values.result ?? undefined,
    zone: values.zone ?? undefined,
    // Business days (Asia/Shanghai), whatever the browser's zone (issue 21 item 7).
    from: from ? dayStart(from) : undefined,
    // The picked end day is included: the query's `to` is exclusive.
    to: to ? dayStart(to.add(1, 'day')) : undefined,
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
