import { Alert, Card, Flex, Skeleton, Typography } from 'antd';
import { Link, formatTime } from '@wb/sdk/react';
import { usePrecheck } from '../api/tickets.ts';
import { detailRoute } from '../routes.ts';

/**
 * 派单前研判 for a repair (research §C2 step ②): an outage covering the customer's 台区 (tell the customer, no
 * crew needed), arrears (cut-off for non-payment — no billing source yet), premises guidance, and the customer's
 * open tickets (a repeated call becomes 催办).
 */
export function PrecheckPanel({ consNo }: { consNo: string }) {
  const precheck = usePrecheck(consNo);
  return (
    <Card size="small" title="派单前研判">
      {precheck.isLoading && <Skeleton active paragraph={{ rows: 3 }} />}
      {precheck.error && <Typography.Text type="danger">{precheck.error.message}</Typography.Text>}
      {precheck.data && (
        <Flex vertical gap={8}>
          {precheck.data.outages.length > 0 ? (
            precheck.data.outages.map((o) => (
              <Alert
                key={o.id}
                type="warning"
                showIcon
                title={`${o.kindName}（${o.statusName}）：${o.reason}`}
                description={`范围 ${o.area}；${formatTime(o.startAt)} 至 ${formatTime(o.expectedEndAt)}（预计送电）。请向客户告知并致歉。`}
              />
            ))
          ) : (
            <Alert type="success" showIcon title="该台区当前无计划或故障停电" />
          )}
          {precheck.data.arrears.state === 'no-source' ? (
            <Alert type="info" showIcon title="欠费情况：暂无电费数据源" />
          ) : precheck.data.arrears.state === 'arrears' ? (
            <Alert type="error" showIcon title={`欠费${precheck.data.arrears.amount !== null ? ` ${precheck.data.arrears.amount} 元` : ''}${precheck.data.arrears.cutOff ? '，已欠费停电' : ''}`} />
          ) : (
            <Alert type="success" showIcon title="无欠费" />
          )}
          {precheck.data.guidance.length > 0 && (
            <div>
              <Typography.Text strong>客户内部故障排查引导</Typography.Text>
              <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                {precheck.data.guidance.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ol>
            </div>
          )}
          {precheck.data.openTickets.length > 0 && (
            <div>
              <Typography.Text strong>客户在办工单（同类来电将合并为催办）</Typography.Text>
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                {precheck.data.openTickets.map((t) => (
                  <li key={t.no}>
                    <Link to={detailRoute(t.no)}>{t.no}</Link> {t.typeName} · {t.statusName}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Flex>
      )}
    </Card>
  );
}
