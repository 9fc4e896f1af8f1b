import { App, Alert, Button, Card, Descriptions, Flex, Popconfirm, Progress, Result, Skeleton, Table, Tag, Typography } from 'antd';
import { BATCH_STATUSES } from '@wb/contracts/billing';
import type { BatchDetail } from '@wb/contracts/billing-counter';
import { ResponseError } from '@wb/contracts';
import { Link, ServiceError, formatTime, usePermission } from '@wb/sdk/react';
import { useBatch, useIssue } from '../api/billing.ts';
import { formatYm, formatYuan } from '../format.ts';
import { BILLING_PERMISSIONS } from '../permissions.ts';

type Bill = BatchDetail['bills'][number];

/**
 * One calculation batch: totals, the 量费审核 exceptions (held back from 发行; a corrected reading and a new 核算
 * pick them up), and 发行 with its progress — receivables for every bill without an exception, once (a second
 * 发行 adds none).
 */
export function BatchPage({ id }: { id: string }) {
  const batch = useBatch(id);
  const issue = useIssue(id);
  const canCalc = usePermission(BILLING_PERMISSIONS.calc);
  const { message } = App.useApp();
  if (batch.error) {
    if (batch.error instanceof ResponseError && batch.error.status === 404) return <Result status="404" title="未找到该核算批次" subTitle="批次不存在，或不在您负责的范围内。" />;
    return <ServiceError error={batch.error} title="核算批次加载失败" retrying={batch.isFetching} onRetry={() => void batch.refetch()} />;
  }
  if (!batch.data) return <Skeleton active />;
  const { batch: b, bills } = batch.data;
  const issuable = b.bills - b.exceptions;
  const percent = b.status === 'ISSUED' ? 100 : issue.isPending ? 50 : 0;
  const exceptions = bills.filter((x) => x.exception !== null);

  const run = (): void => {
    issue.mutate(b.version, {
      onSuccess: (done) => void message.success(`发行完成：生成应收 ${done.issued} 笔`),
      onError: (e) => void message.error(e instanceof ResponseError ? e.message : '发行失败，请稍后重试'),
    });
  };

  return (
    <Flex vertical gap={16}>
      <Link to="/batches">返回核算批次</Link>
      <Card size="small" title={`核算批次 ${b.id} · ${formatYm(b.ym)}`} extra={<Tag color={b.status === 'ISSUED' ? 'green' : 'blue'}>{BATCH_STATUSES[b.status]}</Tag>}>
        <Descriptions
          size="small"
          column={3}
          items={[
            { key: 'unit', label: '核算单位', children: b.orgUnitCode ?? '全部' },
            { key: 'bills', label: '核算户数', children: b.bills },
            { key: 'exceptions', label: '量费异常', children: b.exceptions },
            { key: 'kwh', label: '电量(kWh)', children: b.kwh },
            { key: 'amount', label: '应收电费', children: formatYuan(b.amountFen) },
            { key: 'by', label: '核算人', children: `${b.createdBy} · ${formatTime(b.createdAt)}` },
          ]}
        />
        <Flex vertical gap={8} style={{ marginTop: 12 }}>
          <Progress
            aria-label="发行进度"
            percent={percent}
            status={issue.isPending ? 'active' : issue.isError ? 'exception' : undefined}
            format={() => (b.status === 'ISSUED' ? `已发行 ${b.issued} 笔` : issue.isPending ? '发行中…' : `待发行 ${issuable} 笔`)}
          />
          {b.status === 'ISSUED' ? (
            <Typography.Text type="secondary">{formatTime(b.issuedAt)} 已发行；量费异常的 {b.exceptions} 户未发行，修正示数后重新核算。</Typography.Text>
          ) : (
            canCalc && (
              <Flex gap={8} align="center">
                <Popconfirm title={`发行后应收不可更改，确认发行 ${issuable} 笔？`} onConfirm={run} okText="确认发行" cancelText="取消">
                  <Button type="primary" loading={issue.isPending} disabled={issuable === 0}>
                    发行
                  </Button>
                </Popconfirm>
                {b.exceptions > 0 && <Typography.Text type="warning">{b.exceptions} 户量费异常不参与发行</Typography.Text>}
              </Flex>
            )
          )}
        </Flex>
      </Card>
      {issue.error instanceof ResponseError && issue.error.status === 412 && <Alert type="warning" showIcon title={issue.error.message} />}
      <Card size="small" title={`量费审核异常（${exceptions.length}）`}>
        <Table<Bill>
          size="small"
          rowKey="consNo"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={exceptions}
          locale={{ emptyText: '没有量费异常' }}
          columns={[
            { key: 'consNo', title: '户号', dataIndex: 'consNo' },
            { key: 'tariff', title: '电价', dataIndex: 'tariffCode' },
            { key: 'kwh', title: '电量(kWh)', dataIndex: 'kwh', align: 'right' },
            { key: 'amount', title: '电费', align: 'right', render: (_, x) => formatYuan(x.amountFen) },
            { key: 'exception', title: '异常', render: (_, x) => <Tag color="orange">{x.exception}</Tag> },
          ]}
        />
      </Card>
    </Flex>
  );
}
