import { ThunderboltOutlined, ToolOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import type { ReactElement } from 'react';
import { PORTAL_BILL_STATUSES } from '@wb/contracts/customer-portal';
import { LinkButton, formatTime } from '@wb/sdk/react';
import { BASE, useAccount, useOutages, usePayments } from '../api.ts';
import { yuan, ymText } from '../routes.ts';
import { Rows, Screen } from './Screen.tsx';

const TIER_COLORS = ['', 'green', 'orange', 'red'];

/** One 户号: what is owed (with 违约金), bills by month, pay, payment history with receipts, 停电信息, 报修. */
export function AccountPage({ consNo }: { consNo: string }): ReactElement {
  const account = useAccount(consNo);
  const payments = usePayments(consNo);
  const outages = useOutages(consNo);
  if (account.isError) return <Screen title="电费" back=""><Alert type="error" showIcon title={account.error.message} /></Screen>;
  if (!account.data) return <Screen title="电费" back=""><Card loading /></Screen>;
  const a = account.data;
  return (
    <Screen title={`户号 ${a.consNo}`} back="">
      <Card size="small">
        <Typography.Text strong>{a.name}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
          {a.address}
        </Typography.Paragraph>
        {a.powerState === 'OFF' ? (
          <Alert
            style={{ marginTop: 8 }}
            type={a.restorePending ? 'info' : 'error'}
            showIcon
            title={a.restorePending ? '欠费已结清，正在安排复电，24 小时内恢复供电' : '该户已欠费停电，缴清欠费后将安排复电'}
          />
        ) : null}
        <div style={{ marginTop: 12, textAlign: 'center' }}>
          <Typography.Text type="secondary">应缴金额（含违约金）</Typography.Text>
          <div data-testid="cp-total-due" style={{ fontSize: 32, fontWeight: 600, color: a.totalDueFen > 0 ? '#cf1322' : '#389e0d' }}>
            {yuan(a.totalDueFen)}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            电费 {yuan(a.oweFen)} · 违约金 {yuan(a.penaltyFen)} · 预存 {yuan(a.prepaidFen)}
          </Typography.Text>
        </div>
        {a.totalDueFen > 0 ? (
          <LinkButton to={`/accounts/${consNo}/pay`} type="primary" size="large" block style={{ marginTop: 12 }}>
            去缴费
          </LinkButton>
        ) : null}
      </Card>

      <Card size="small" title="按月账单">
        {a.bills.length === 0 ? (
          <Empty description="暂无账单" />
        ) : (
          <Rows
            items={a.bills}
            rowKey={(b) => b.receivableId}
            render={(b) => (
                <div style={{ width: '100%' }} data-testid="cp-bill">
                  <div style={{ display: 'flex', justifyContent: 'space-between' }}>
                    <Typography.Text strong>{ymText(b.ym)}</Typography.Text>
                    <Typography.Text strong>{yuan(b.amountFen)}</Typography.Text>
                  </div>
                  <Space size={4} wrap style={{ fontSize: 12 }}>
                    <Typography.Text type="secondary">电量 {b.kwh} 千瓦时</Typography.Text>
                    {b.tier !== null ? <Tag color={TIER_COLORS[b.tier]}>第{['', '一', '二', '三'][b.tier]}档</Tag> : null}
                    <Tag color={b.status === 'PAID' ? 'success' : b.overdue ? 'error' : 'warning'}>{b.overdue && b.status !== 'PAID' ? '已逾期' : PORTAL_BILL_STATUSES[b.status]}</Tag>
                    {b.penaltyFen > 0 ? <Typography.Text type="danger">违约金 {yuan(b.penaltyFen)}</Typography.Text> : null}
                  </Space>
                </div>
            )}
          />
        )}
      </Card>

      <Card size="small" title="缴费记录">
        {payments.data?.items.length ? (
          <Rows
            items={payments.data.items.slice(0, 12)}
            rowKey={(p) => p.id}
            render={(p) => (
              <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Typography.Text strong>{yuan(p.amountFen)}</Typography.Text> {p.reversed ? <Tag>已冲正</Tag> : null}
                  <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
                    {`${formatTime(p.paidAt)} · ${p.method === 'ONLINE' ? '网上缴费' : '营业厅/代扣'}${p.months.length ? ` · ${p.months.map(ymText).join('、')}` : ''}`}
                  </Typography.Paragraph>
                </div>
                <a href={`${BASE}/payments/${p.id}/receipt.pdf`} target="_blank" rel="noopener" data-testid="cp-receipt">
                  电子收据
                </a>
              </div>
            )}
          />
        ) : (
          <Empty description="暂无缴费记录" />
        )}
      </Card>

      <Card size="small" title={<span><ThunderboltOutlined aria-hidden /> 停电信息</span>}>
        {outages.data?.items.length ? (
          outages.data.items.map((o) => (
            <Descriptions key={o.id} size="small" column={1} style={{ marginBottom: 8 }}>
              <Descriptions.Item label="时间">{`${formatTime(o.startAt)} 至 ${o.endAt ? formatTime(o.endAt) : '待定'}`}</Descriptions.Item>
              <Descriptions.Item label="范围">{o.area}</Descriptions.Item>
              <Descriptions.Item label="原因">{o.reason}</Descriptions.Item>
            </Descriptions>
          ))
        ) : (
          <Typography.Text type="secondary">您所在台区近期没有停电计划</Typography.Text>
        )}
      </Card>

      <LinkButton to={`/accounts/${consNo}/repair`} size="large" block icon={<ToolOutlined aria-hidden />}>
        故障报修
      </LinkButton>
    </Screen>
  );
}
