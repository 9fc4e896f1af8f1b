import { Alert, Button, Card, Flex, Form, Input, Select, Table, Tag } from 'antd';
import { BILLING_PERMISSIONS, BATCH_STATUSES, calcBatchRequestSchema, type CalcBatch } from '@wb/contracts/billing';
import { Link, QueryError, businessToday, formatTime, useHref, useNavigate, usePermission, useSession, useWorkbenchForm } from '@wb/sdk/react';
import { useBatches, useCalculate, useUnits } from '../api/billing.ts';
import { formatYm, formatYuan } from '../format.ts';
import { batchRoute } from '../routes.ts';

/** 核算 of a month for a unit: defaults to this month and the unit of the active post. */
function CalculateForm() {
  const session = useSession();
  const calculate = useCalculate();
  const navigate = useNavigate();
  const batchesHref = useHref('/batches');
  const form = useWorkbenchForm({
    schema: calcBatchRequestSchema,
    name: 'calculate',
    submit: (body) => calculate.mutateAsync(body),
    successMessage: (b) => `核算完成：${b.bills} 户，量费异常 ${b.exceptions} 户`,
    onSuccess: (b) => navigate(`${batchesHref}/${b.id}`),
    resetOnSuccess: false,
  });
  const units = useUnits();
  const post = session.activePost;
  // The 供电所 in scope, and the post's own unit when it is above them (a county 核算员 calculates the whole county).
  const unitOptions = [
    ...(post && !units.data?.items.some((u) => u.code === post.orgUnitCode) ? [{ value: post.orgUnitCode, label: `${post.orgUnitName}（全部）` }] : []),
    ...(units.data?.items ?? []).map((u) => ({ value: u.code, label: u.name })),
  ];
  const today = businessToday().replace(/-/g, '').slice(0, 6);
  return (
    <Form {...form.formProps} layout="inline" initialValues={{ ym: today, orgUnitCode: session.activePost?.orgUnitCode }} disabled={form.submitting}>
      <Form.Item {...form.field('ym')} label="电费年月">
        <Input aria-label="电费年月" placeholder="YYYYMM" maxLength={6} style={{ width: 110 }} />
      </Form.Item>
      <Form.Item {...form.field('orgUnitCode')} label="核算单位">
        <Select
          aria-label="核算单位"
          placeholder="请选择核算单位"
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 220 }}
          options={unitOptions}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={form.submitting}>
        开始核算
      </Button>
      {form.error && <Alert type="error" showIcon title={form.error} style={{ marginTop: 8, width: '100%' }} />}
    </Form>
  );
}

/**
 * 核算发行 (issue 13): the unit's calculation batches, newest first; 核算 of a month (replacing an unissued batch of
 * the same unit and month); a batch opens its 量费审核 exceptions and 发行.
 */
export function BatchesPage() {
  const canCalc = usePermission(BILLING_PERMISSIONS.calc);
  const batches = useBatches();
  return (
    <Flex vertical gap={16}>
      {canCalc && (
        <Card size="small" title="电费核算">
          <CalculateForm />
        </Card>
      )}
      {batches.error ? (
        <QueryError query={batches} title="核算批次加载失败" />
      ) : (
        <Table<CalcBatch>
          size="small"
          rowKey="id"
          loading={batches.isLoading}
          dataSource={batches.data?.items ?? []}
          pagination={false}
          scroll={{ x: 960 }}
          columns={[
            { key: 'id', title: '批次', render: (_, b) => <Link to={batchRoute(b.id)}>{b.id}</Link> },
            { key: 'ym', title: '电费年月', render: (_, b) => formatYm(b.ym) },
            { key: 'unit', title: '核算单位', render: (_, b) => b.orgUnitCode ?? '全部' },
            { key: 'status', title: '状态', render: (_, b) => <Tag color={b.status === 'ISSUED' ? 'green' : 'blue'}>{BATCH_STATUSES[b.status]}</Tag> },
            { key: 'bills', title: '户数', dataIndex: 'bills', align: 'right' },
            { key: 'exceptions', title: '量费异常', align: 'right', render: (_, b) => (b.exceptions > 0 ? <Tag color="orange">{b.exceptions}</Tag> : 0) },
            { key: 'amount', title: '应收电费', align: 'right', render: (_, b) => formatYuan(b.amountFen) },
            { key: 'issued', title: '已发行', dataIndex: 'issued', align: 'right' },
            { key: 'at', title: '核算时间', render: (_, b) => formatTime(b.createdAt) },
          ]}
        />
      )}
    </Flex>
  );
}
