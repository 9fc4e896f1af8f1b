import { Badge, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TicketSummary } from '@wb/contracts/ticket';
import { QueryError, WorkbenchLink, formatTime, partTable, useWorkbench } from '@wb/sdk/react';
import { useTickets } from '../api/tickets.ts';
import { detailPath } from '../routes.ts';

/** How many of the customer's latest tickets the slot lists; the total says how many there are. */
export const CUSTOMER_TICKETS_PAGE = 10;

/**
 * 工单历史 (part `customer-tickets`, a 客户360 slot of 客户档案; ADR 0039): the customer's 95598 tickets, newest first,
 * with their status and 催办 count; each number opens the ticket in 客服工单. Data scope applies: a 供电所 sees
 * only its own tickets of the customer.
 */
export function CustomerTicketsPart({ consNo }: { consNo: string }) {
  const { basePath } = useWorkbench();
  const list = useTickets({ view: 'all', consNo, page: 1, pageSize: CUSTOMER_TICKETS_PAGE });
  if (list.isError) {
    return <QueryError query={list} title="工单历史加载失败" />;
  }
  const items = list.data?.items ?? [];
  const urged = items.reduce((n, t) => n + t.urgeCount, 0);
  const columns: TableColumnsType<TicketSummary> = [
    {
      title: '工单号',
      dataIndex: 'no',
      // Into 客服工单 itself: a shell-level navigation, not this part's own history.
      render: (no: string) => <WorkbenchLink href={detailPath(basePath, no)}>{no}</WorkbenchLink>,
    },
    { title: '类型', key: 'type', render: (_, t) => (t.subTypeName ? `${t.typeName}·${t.subTypeName}` : t.typeName) },
    { title: '受理时间', dataIndex: 'acceptedAt', render: (at: string) => formatTime(at) },
    { title: '状态', dataIndex: 'statusName' },
    {
      title: '催办',
      dataIndex: 'urgeCount',
      render: (n: number, t) => (
        <Space size={4}>
          {n > 0 ? <Badge count={n} color="orange" title={`催办 ${n} 次`} /> : <Typography.Text type="secondary">0</Typography.Text>}
          {t.supervised ? <Tag color="red">督办</Tag> : null}
        </Space>
      ),
    },
  ];
  return (
    <Flex vertical gap={8} aria-label={`工单历史 ${consNo}`} role="region">
      {list.data && list.data.total > 0 ? (
        <Typography.Text type="secondary">
          共 {list.data.total} 张工单{urged > 0 ? `，近 ${items.length} 张中催办 ${urged} 次` : ''}
        </Typography.Text>
      ) : null}
      <Table<TicketSummary> rowKey="no" columns={columns} dataSource={items} {...partTable(list, <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该客户暂无工单" />)} />
    </Flex>
  );
}
