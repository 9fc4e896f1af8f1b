import { Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import type { Outage } from '@wb/contracts/ticket';
import { QueryError, formatTime } from '@wb/sdk/react';
import { useCustomerOutages } from '../api/tickets.ts';

const STATUS_COLORS: Record<Outage['status'], string> = { ACTIVE: 'red', PLANNED: 'blue', ENDED: 'default', CANCELLED: 'default' };

/**
 * 停电信息 (part `customer-outages`, a 客户360 slot of 客户档案; ADR 0039): the outage notices whose 台区 cover the
 * customer's — current, planned and past — as dispatch keeps them (ADR 0029).
 */
export function CustomerOutagesPart({ consNo }: { consNo: string }) {
  const outages = useCustomerOutages(consNo);
  if (outages.isError) {
    return <QueryError query={outages} title="停电信息加载失败" />;
  }
  const items = outages.data?.items ?? [];
  return (
    <Flex vertical gap={8} aria-label={`停电信息 ${consNo}`} role="region">
      {outages.isPending ? <Skeleton active paragraph={{ rows: 2 }} /> : null}
      {outages.isSuccess && items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该客户所在台区暂无停电信息" /> : null}
      {items.map((o) => (
        <Flex key={o.id} vertical gap={2} style={{ paddingBottom: 8, borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}>
          <span>
            <Tag color={STATUS_COLORS[o.status]}>{o.statusName}</Tag>
            <Tag>{o.kindName}</Tag>
            {formatTime(o.startAt)} 至 {formatTime(o.expectedEndAt)}
          </span>
          <Typography.Text type="secondary">
            {o.area}（{o.reason}）{o.orgUnitName}
          </Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}
