import { Alert, Card, Col, Empty, Row, Statistic, Table } from 'antd';
import type { AccessAlert } from '@wb/contracts';
import { formatSeconds } from '../../format.ts';
import { ALERT_WINDOW_MINUTES, useAlerts } from '../../api/queries.ts';

const KIND_LABELS: Record<AccessAlert['kind'], string> = { 'failed-login': '登录失败', forbidden: '越权访问（403）' };
const BY_LABELS: Record<AccessAlert['by'], string> = { user: '用户', address: '地址' };
const at = (value: string) => formatSeconds(value).slice(5);

/** 访问告警: failed logins and 403 bursts per user and per address, with their counts. */
export function AlertsPanel() {
  const alerts = useAlerts();
  const items = alerts.data ?? [];
  const total = (kind: AccessAlert['kind']) => items.filter((a) => a.kind === kind && a.by === 'user').reduce((n, a) => n + a.count, 0);
  return (
    <Card title="访问告警" extra={`近 ${ALERT_WINDOW_MINUTES} 分钟`} size="small" loading={alerts.isLoading} style={{ marginBottom: 16 }}>
      {alerts.isError && <Alert type="warning" showIcon title={`访问告警加载失败：${alerts.error.message}`} />}
      {!alerts.isError && items.length === 0 && <Empty description="暂无访问告警" />}
      {items.length > 0 && (
        <>
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col span={6}>
              <Statistic title="登录失败次数" value={total('failed-login')} />
            </Col>
            <Col span={6}>
              <Statistic title="越权访问次数" value={total('forbidden')} />
            </Col>
          </Row>
          <Table<AccessAlert>
            size="small"
            pagination={false}
            rowKey={(a) => `${a.kind}:${a.by}:${a.key}`}
            dataSource={items}
            columns={[
              { title: '类型', dataIndex: 'kind', render: (k: AccessAlert['kind']) => KIND_LABELS[k] },
              { title: '维度', dataIndex: 'by', render: (b: AccessAlert['by']) => BY_LABELS[b] },
              { title: '用户/地址', dataIndex: 'key' },
              { title: '次数', dataIndex: 'count', align: 'right' },
              { title: '时间段', key: 'span', render: (_, a) => `${at(a.firstAt)} ~ ${at(a.lastAt)}` },
            ]}
          />
        </>
      )}
    </Card>
  );
}
