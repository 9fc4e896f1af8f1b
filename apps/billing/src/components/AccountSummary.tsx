import { Descriptions, Flex, Statistic, Table, Tag, Typography } from 'antd';
import { RECEIVABLE_STATUSES, TARIFF_KINDS, type Account, type Receivable } from '@wb/contracts/billing';
import { formatDate, formatTime } from '@wb/sdk/react';
import { formatYm, formatYuan } from '../format.ts';
import { PowerTag } from './PowerTag.tsx';
import { ReversePayment } from './ReversePayment.tsx';

const STATUS_COLORS: Record<Receivable['status'], string> = { UNPAID: 'red', PARTIAL: 'orange', PAID: 'green' };

/** What a receivable still asks for today: open principal, and penalty charged but unpaid plus accrued. */
export const openPrincipal = (r: Receivable): number => r.amountFen - r.paidFen;
export const openPenalty = (r: Receivable): number => r.penaltyFen - r.penaltyPaidFen + r.accruedPenaltyFen;

/** The account at a glance: who, power state, and the three amounts the clerk reads out. */
export function AccountHeader({ account }: { account: Account }) {
  return (
    <Flex vertical gap={12}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, xl: 3 }}
        items={[
          { key: 'name', label: '户名', children: `${account.name}（${account.consNo}）` },
          {
            key: 'power',
            label: '供电状态',
            children: (
              <Flex gap={4} wrap>
                <PowerTag state={account.powerState} />
                {account.powerState === 'OFF' && account.totalDueFen === 0 && <Tag color="blue">欠费已结清，待复电</Tag>}
                {account.protectedFlag && <Tag color="purple">保电/敏感</Tag>}
                {account.noticeAt && account.powerState === 'ON' && <Tag color="orange">已发停电通知 {formatDate(account.noticeAt)}</Tag>}
              </Flex>
            ),
          },
          { key: 'tariff', label: '电价', children: tariffName(account.tariffCode) },
        ]}
      />
      <Flex gap="small" wrap style={{ columnGap: 32 }}>
        <Statistic title="欠费本金" value={formatYuan(account.oweFen)} styles={{ content: { color: account.oweFen > 0 ? '#cf1322' : undefined } }} />
        <Statistic title="违约金（截至今日）" value={formatYuan(account.penaltyFen)} />
        <Statistic title="应缴合计" value={formatYuan(account.totalDueFen)} styles={{ content: { fontWeight: 600, color: account.totalDueFen > 0 ? '#cf1322' : '#389e0d' } }} />
        <Statistic title="预存余额" value={formatYuan(account.prepaidFen)} />
      </Flex>
    </Flex>
  );
}

/** The tariff's kind from its code (`RES-LV` → 居民生活), the code itself when unknown. */
function tariffName(code: string): string {
  const kind = code.startsWith('RES') ? 'RESIDENT' : code.startsWith('GEN') ? 'GENERAL' : code.startsWith('LRG') || code.startsWith('LARGE') ? 'LARGE' : code.startsWith('AGR') ? 'AGRI' : null;
  return kind ? `${TARIFF_KINDS[kind]}（${code}）` : code;
}

/** The open receivables, oldest first (the order a payment settles them in). */
export function OpenReceivables({ account }: { account: Account }) {
  const open = account.receivables.filter((r) => r.status !== 'PAID').sort((a, b) => a.ym.localeCompare(b.ym));
  if (open.length === 0) return <Typography.Text type="success">该户没有欠费。</Typography.Text>;
  return (
    <Table<Receivable>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={open}
      scroll={{ x: 'max-content' }}
      aria-label="欠费明细"
      columns={[
        { key: 'ym', title: '电费年月', render: (_, r) => formatYm(r.ym) },
        { key: 'kwh', title: '电量(kWh)', dataIndex: 'kwh', align: 'right' },
        { key: 'amount', title: '应收电费', align: 'right', render: (_, r) => formatYuan(r.amountFen) },
        { key: 'paid', title: '已缴', align: 'right', render: (_, r) => formatYuan(r.paidFen) },
        { key: 'due', title: '缴费截止', dataIndex: 'dueDate' },
        { key: 'penalty', title: '违约金', align: 'right', render: (_, r) => formatYuan(openPenalty(r)) },
        { key: 'owe', title: '待缴', align: 'right', render: (_, r) => <Typography.Text strong>{formatYuan(openPrincipal(r) + openPenalty(r))}</Typography.Text> },
        { key: 'status', title: '状态', render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{RECEIVABLE_STATUSES[r.status]}</Tag> },
      ]}
    />
  );
}

/** The last payments of the account (the service answers up to 24, newest first); `reversible`: with 冲正. */
export function RecentPayments({ account, limit = 5, reversible = false }: { account: Account; limit?: number; reversible?: boolean }) {
  const rows = account.payments.slice(0, limit);
  if (rows.length === 0) return <Typography.Text type="secondary">暂无缴费记录</Typography.Text>;
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      aria-label="缴费记录"
      columns={[
        { key: 'at', title: '缴费时间', render: (_, p) => formatTime(p.paidAt) },
        { key: 'amount', title: '金额', align: 'right', render: (_, p) => formatYuan(p.amountFen) },
        { key: 'method', title: '方式', render: (_, p) => PAY_METHOD_NAMES[p.method] },
        ...(reversible ? [{ key: 'collector', title: '收费员', render: (_: unknown, p: Account['payments'][number]) => p.collector }] : []),
        {
          key: 'state',
          title: '',
          render: (_, p) => (p.reversed ? <Tag>已冲正</Tag> : reversible ? <ReversePayment payment={p} /> : null),
        },
      ]}
    />
  );
}

export const PAY_METHOD_NAMES: Record<Account['payments'][number]['method'], string> = { CASH: '现金', CARD: '银行卡', QR: '扫码', BANK: '银行代扣', ONLINE: '网上缴费' };
