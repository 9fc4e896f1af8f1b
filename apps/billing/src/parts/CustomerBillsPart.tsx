import { Flex, Result, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import { RECEIVABLE_STATUSES, type Receivable } from '@wb/contracts/billing';
import { ResponseError } from '@wb/contracts';
import { QueryError } from '@wb/sdk/react';
import { useAccount } from '../api/billing.ts';
import { PAY_METHOD_NAMES, RecentPayments, openPenalty, openPrincipal } from '../components/AccountSummary.tsx';
import { PowerTag } from '../components/PowerTag.tsx';
import { formatYm, formatYuan } from '../format.ts';

const STATUS_COLORS: Record<Receivable['status'], string> = { UNPAID: 'red', PARTIAL: 'orange', PAID: 'green' };

/**
 * 电费 (part `customer-bills`, ADR 0030 / 0042) for 客户360's 电费 slot: what the customer owes today (违约金
 * included), power state and 预存, the last twelve receivables and the last payments. Read only: paying is the
 * counter's job, in this app.
 */
export function CustomerBillsPart({ consNo }: { consNo: string }) {
  const account = useAccount(consNo);
  if (account.error instanceof ResponseError && account.error.status === 404) {
    return <Result status="404" title="未找到该户号的电费账户" subTitle={`户号：${consNo}`} />;
  }
  if (account.isError) return <QueryError query={account} title="电费信息加载失败" />;
  const a = account.data;
  if (!a) return <Skeleton active paragraph={{ rows: 3 }} />;
  return (
    <section aria-label={`电费 ${consNo}`}>
      <Flex vertical gap={12}>
        <Flex gap={24} wrap align="center">
          <Statistic title="欠费（含违约金）" value={formatYuan(a.totalDueFen)} styles={{ content: { color: a.totalDueFen > 0 ? '#cf1322' : undefined } }} />
          <Statistic title="预存余额" value={formatYuan(a.prepaidFen)} />
          <Flex vertical gap={4}>
            <Typography.Text type="secondary">供电状态</Typography.Text>
            <span>
              <PowerTag state={a.powerState} />
              {a.protectedFlag && <Tag color="purple">保电/敏感</Tag>}
            </span>
          </Flex>
        </Flex>
        <Table<Receivable>
          size="small"
          rowKey="id"
          aria-label="应收电费"
          pagination={false}
          dataSource={a.receivables.slice(0, 12)}
          locale={{ emptyText: '暂无电费记录' }}
          columns={[
            { key: 'ym', title: '电费年月', render: (_, r) => formatYm(r.ym) },
            { key: 'kwh', title: '电量', dataIndex: 'kwh', align: 'right' },
            { key: 'amount', title: '电费', align: 'right', render: (_, r) => formatYuan(r.amountFen) },
            { key: 'open', title: '待缴', align: 'right', render: (_, r) => (r.status === 'PAID' ? '—' : formatYuan(openPrincipal(r) + openPenalty(r))) },
            { key: 'status', title: '状态', render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{RECEIVABLE_STATUSES[r.status]}</Tag> },
          ]}
        />
        <Typography.Text strong>最近缴费</Typography.Text>
        <RecentPayments account={a} limit={3} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          缴费方式：{Object.values(PAY_METHOD_NAMES).join('、')}；缴费请到电费账务·柜台收费办理。
        </Typography.Text>
      </Flex>
    </section>
  );
}
