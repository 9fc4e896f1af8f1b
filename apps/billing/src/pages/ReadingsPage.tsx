import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Radio, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { BILLING_PERMISSIONS, READING_EXCEPTIONS, READING_SOURCES, readingEntrySchema, readingReviewSchema, type Reading } from '@wb/contracts/billing';
import { QueryError, dropEmpty, useAfterTaskStep, useNarrowScreen, useNavigate, usePermission, useTaskContext, useWorkbench, useWorkbenchForm } from '@wb/sdk/react';
import { useEnterReading, useReadings, useReviewReading } from '../api/billing.ts';
import { formatYm } from '../format.ts';
import { readingsRoute } from '../routes.ts';

/** 复核 of one exceptional reading (the 抄表员's bound task, ADR 0049): confirm it as it is, or correct the index. */
function ReviewForm({ reading, onDone }: { reading: Reading; onDone?: (() => void) | undefined }) {
  const review = useReviewReading();
  const [mode, setMode] = useState<'confirm' | 'correct'>('confirm');
  const form = useWorkbenchForm({
    schema: readingReviewSchema,
    name: 'reading-review',
    prepare: (values) => {
      const { currIndex, ...rest } = dropEmpty(values);
      return mode === 'correct' ? { ...rest, currIndex } : rest;
    },
    submit: (body) => review.mutateAsync({ consNo: reading.consNo, ym: reading.ym, body, version: reading.version }),
    successMessage: () => '抄表复核已完成',
    onSuccess: () => onDone?.(),
  });
  return (
    <Form {...form.formProps} layout="vertical" disabled={form.submitting} style={{ maxWidth: 520 }}>
      {form.error && <Alert type="error" showIcon title={form.error} style={{ marginBottom: 12 }} />}
      <Form.Item label="复核结论">
        <Radio.Group
          aria-label="复核结论"
          value={mode}
          onChange={(e) => setMode(e.target.value as 'confirm' | 'correct')}
          options={[{ value: 'confirm', label: '示数无误，确认' }, { value: 'correct', label: '更正示数' }]}
        />
      </Form.Item>
      {mode === 'correct' && (
        <Form.Item {...form.field('currIndex')} label="更正后的本月示数">
          <InputNumber aria-label="更正后的本月示数" min={0} precision={0} style={{ width: 200 }} />
        </Form.Item>
      )}
      <Form.Item {...form.field('opinion')} label="复核意见">
        <Input.TextArea aria-label="复核意见" rows={2} maxLength={200} placeholder="例如：现场复抄，示数无误" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={form.submitting}>
        提交复核
      </Button>
    </Form>
  );
}

/** 抄表 manual entry where 采集 failed: the month's index (replacing a reading sends its version). */
function EntryForm({ consNo, readings, onEntered }: { consNo: string | null; readings: Reading[]; onEntered(r: Reading): void }) {
  const enter = useEnterReading();
  const form = useWorkbenchForm({
    schema: readingEntrySchema,
    name: 'reading-entry',
    prepare: (values) => dropEmpty(values),
    submit: (body) => enter.mutateAsync({ body, version: readings.find((r) => r.consNo === body.consNo && r.ym === body.ym)?.version }),
    successMessage: (r) => (r.exception ? `示数已保存，${READING_EXCEPTIONS[r.exception]}异常已转抄表复核` : '示数已保存'),
    onSuccess: onEntered,
  });
  return (
    <Form {...form.formProps} layout="vertical" initialValues={{ consNo: consNo ?? '', estimated: false }} disabled={form.submitting}>
      {form.error && <Alert type="error" showIcon title={form.error} style={{ marginBottom: 12 }} />}
      <Flex gap={16} wrap align="flex-start">
        <Form.Item {...form.field('consNo')} label="户号">
          <Input aria-label="户号" maxLength={10} inputMode="numeric" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item {...form.field('ym')} label="抄表年月">
          <Input aria-label="抄表年月" maxLength={6} placeholder="YYYYMM" inputMode="numeric" style={{ width: 120 }} />
        </Form.Item>
        <Form.Item {...form.field('currIndex')} label="本月示数">
          <InputNumber aria-label="本月示数" min={0} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item {...form.field('estimated')} label="估抄" valuePropName="checked">
          <Checkbox aria-label="估抄">无法抄见，按估抄录入</Checkbox>
        </Form.Item>
      </Flex>
      <Button type="primary" htmlType="submit" loading={form.submitting}>
        保存示数
      </Button>
    </Form>
  );
}

const readingMark = (r: Reading) => (r.exception ? <Tag color="orange">{READING_EXCEPTIONS[r.exception]}</Tag> : r.reviewedBy ? <Tag color="green">已复核</Tag> : null);

const COLUMNS: TableColumnsType<Reading> = [
  { key: 'ym', title: '年月', render: (_, r) => formatYm(r.ym) },
  { key: 'source', title: '来源', render: (_, r) => READING_SOURCES[r.source] },
  { key: 'prev', title: '上月示数', dataIndex: 'prevIndex', align: 'right' },
  { key: 'curr', title: '本月示数', dataIndex: 'currIndex', align: 'right' },
  { key: 'kwh', title: '电量(kWh)', dataIndex: 'kwh', align: 'right' },
  { key: 'exception', title: '异常', render: (_, r) => readingMark(r) },
];

/** A phone (a 抄表员 on site): the month with its source, the index with its kWh, the mark; nothing scrolls sideways. */
const NARROW_COLUMNS: TableColumnsType<Reading> = [
  {
    key: 'ym',
    title: '年月',
    render: (_, r) => (
      <Flex vertical>
        <span>{formatYm(r.ym)}</span>
        <Typography.Text type="secondary">{READING_SOURCES[r.source]}</Typography.Text>
      </Flex>
    ),
  },
  {
    key: 'index',
    title: '示数 / 电量',
    align: 'right',
    render: (_, r) => (
      <Flex vertical>
        <span>{r.currIndex}</span>
        <Typography.Text type="secondary">{r.kwh} kWh</Typography.Text>
      </Flex>
    ),
  },
  { key: 'exception', title: '异常', render: (_, r) => readingMark(r) },
];

/**
 * 抄表录入与复核 (issue 13, ADR 0049): manual entry where 采集 failed, and — opened from the inbox as
 * `/readings/<户号>-<年月>` — the 复核 of an exceptional reading (零度, 突增, 倒走, 估抄), which is the 抄表员's task.
 * Below, the customer's last 24 months.
 */
export function ReadingsPage({ consNo, ym }: { consNo: string | null; ym: string | null }) {
  const { basePath } = useWorkbench();
  const navigate = useNavigate();
  const canEnter = usePermission(BILLING_PERMISSIONS.readingEnter);
  // 复核 opened from the inbox (a 抄表员 re-reading on site, on the phone too): back to 待办 once it is done.
  const { taskId } = useTaskContext();
  const afterStep = useAfterTaskStep();
  const narrow = useNarrowScreen();
  const readings = useReadings(consNo);
  const items = readings.data?.items ?? [];
  const target = ym ? items.find((r) => r.ym === ym) : undefined;
  return (
    <Flex vertical gap={16}>
      {consNo && ym && (
        <Card size="small" title={`抄表复核 · ${consNo} · ${formatYm(ym)}`}>
          {readings.error ? (
            <QueryError query={readings} title="示数加载失败" />
          ) : !target ? (
            <Typography.Text type="secondary">{readings.isLoading ? '加载中…' : '该月没有示数'}</Typography.Text>
          ) : (
            <Flex vertical gap={12}>
              <Typography.Text>
                上月示数 {target.prevIndex}，本月示数 {target.currIndex}，电量 {target.kwh} kWh（{READING_SOURCES[target.source]}）
                {target.exception && <Tag color="orange" style={{ marginLeft: 8 }}>{READING_EXCEPTIONS[target.exception]}</Tag>}
                {target.reviewedBy && <Tag color="green" style={{ marginLeft: 8 }}>已复核（{target.reviewedBy}）</Tag>}
              </Typography.Text>
              {canEnter && !target.reviewedBy && <ReviewForm key={target.version} reading={target} onDone={taskId ? () => afterStep(null, '抄表复核已完成') : undefined} />}
            </Flex>
          )}
        </Card>
      )}
      {canEnter && (
        <Card size="small" title="手工录入示数（采集失败时）">
          <EntryForm key={consNo ?? ''} consNo={consNo} readings={items} onEntered={(r) => r.consNo !== consNo && navigate(`${basePath}${readingsRoute(r.consNo)}`)} />
        </Card>
      )}
      {consNo && (
        <Card size="small" title={`抄表记录 · ${consNo}`}>
          <Table<Reading>
            size="small"
            rowKey="ym"
            loading={readings.isLoading}
            dataSource={items}
            scroll={narrow ? undefined : { x: 'max-content' }}
            pagination={{ pageSize: 12, hideOnSinglePage: true }}
            columns={narrow ? NARROW_COLUMNS : COLUMNS}
          />
        </Card>
      )}
    </Flex>
  );
}
