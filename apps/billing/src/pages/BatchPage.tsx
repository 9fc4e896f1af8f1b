import { useState, type Key } from 'react';
import { App, Alert, Button, Card, Descriptions, Flex, Input, Popconfirm, Progress, Result, Skeleton, Table, Tag, Typography } from 'antd';
import { BILLING_PERMISSIONS, BATCH_STATUSES } from '@wb/contracts/billing';
import type { BatchDetail } from '@wb/contracts/billing-counter';
import { ResponseError } from '@wb/contracts';
import { Link, QueryError, formatTime, usePermission } from '@wb/sdk/react';
import { useAuditBatch, useBatch, useIssue } from '../api/billing.ts';
import { formatYm, formatYuan } from '../format.ts';

type Bill = BatchDetail['bills'][number];
/** Exceptions 量费审核 cannot pass: the bill has no reading or no tariff to stand on. */
const UNPASSABLE = new Set(['缺少抄表示数', '无适用电价']);

/**
 * One calculation batch: totals, the 量费审核 exceptions (held back from 发行; a corrected reading and a new 核算
 * pick them up), and 发行 with its progress — receivables for every bill without an exception, once (a second
 * 发行 adds none).
 */
export function BatchPage({ id }: { id: string }) {
  const batch = useBatch(id);
  const issue = useIssue(id);
  const audit = useAuditBatch(id);
  const canCalc = usePermission(BILLING_PERMISSIONS.calc);
  const { message } = App.useApp();
  const [approve, setApprove] = useState<string[]>([]);
  const [opinion, setOpinion] = useState('');
  if (batch.error) {
    if (batch.error instanceof ResponseError && batch.error.status === 404) return <Result status="404" title="未找到该核算批次" subTitle="批次不存在，或不在您负责的范围内。" />;
    return <QueryError query={batch} title="核算批次加载失败" />;
  }
  if (!batch.data) return <Skeleton active />;
  const { batch: b, bills } = batch.data;
  const issuable = b.bills - b.exceptions;
  const percent = b.status === 'ISSUED' ? 100 : issue.isPending ? 50 : 0;
  const exceptions = bills.filter((x) => x.exception !== null);

  // 量费审核 (bound task, ADR 0049): pass the chosen exception bills; the others stay out until the next 核算.
  // Awaited (ADR 0069): the outcome is told even when the user has left the page meanwhile.
  const submitAudit = async (): Promise<void> => {
    if (opinion.trim() === '') {
      void message.error('请填写审核意见');
      return;
    }
    const approved = approve.length;
    try {
      await audit.mutateAsync({ body: { approve, opinion: opinion.trim() }, version: b.version });
    } catch (e) {
      void message.error(e instanceof ResponseError ? e.message : '审核提交失败，请稍后重试');
      return;
    }
    void message.success(approved > 0 ? `量费审核完成：${approved} 户审核通过` : '量费审核完成');
    setApprove([]);
    setOpinion('');
  };

  const run = async (): Promise<void> => {
    try {
      const done = await issue.mutateAsync(b.version);
      void message.success(`发行完成：生成应收 ${done.issued} 笔`);
    } catch (e) {
      void message.error(e instanceof ResponseError ? e.message : '发行失败，请稍后重试');
    }
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
                <Popconfirm title={`发行后应收不可更改，确认发行 ${issuable} 笔？`} onConfirm={() => void run()} okText="确认发行" cancelText="取消">
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
        {canCalc && exceptions.length > 0 && (
          <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
            <Input
              aria-label="审核意见"
              placeholder="审核意见（必填）"
              maxLength={200}
              style={{ maxWidth: 360 }}
              value={opinion}
              onChange={(e) => setOpinion(e.target.value)}
            />
            <Button type="primary" loading={audit.isPending} onClick={() => void submitAudit()}>
              {approve.length > 0 ? `审核通过 ${approve.length} 户` : '完成审核（均不通过）'}
            </Button>
            <Typography.Text type="secondary">勾选核实无误的户参与发行（已发行的批次立即补发）；其余留待修正示数后重新核算。</Typography.Text>
          </Flex>
        )}
        <Table<Bill>
          size="small"
          rowKey="consNo"
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={exceptions}
          {...(canCalc
            ? {
                rowSelection: {
                  selectedRowKeys: approve,
                  onChange: (keys: Key[]) => setApprove(keys.map(String)),
                  getCheckboxProps: (x: Bill) => ({ disabled: x.exception !== null && UNPASSABLE.has(x.exception), 'aria-label': `审核通过 ${x.consNo}` }),
                },
              }
            : {})}
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
