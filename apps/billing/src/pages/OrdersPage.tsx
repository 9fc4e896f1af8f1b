import { useState } from 'react';
import { App, Button, Card, Flex, Popconfirm, Segmented, Select, Space, Table, Tag } from 'antd';
import { ORDER_KINDS, ORDER_STATUSES, type Order } from '@wb/contracts/billing';
import { ResponseError } from '@wb/contracts';
import { Link, ServiceError, formatTime, usePermission } from '@wb/sdk/react';
import { useCompleteOrder, useOrders, type OrdersFilter } from '../api/billing.ts';
import { OrderClock } from '../components/OrderClock.tsx';
import { BILLING_PERMISSIONS } from '../permissions.ts';
import { counterRoute } from '../routes.ts';

const PAGE_SIZE = 20;
const STATUS_COLORS: Record<Order['status'], string> = { OPEN: 'blue', DONE: 'green', FAILED: 'red' };

/** 执行 of an open order: success, or (复电) a failure that stays on the board as 复电失败. */
function OrderActions({ order }: { order: Order }) {
  const complete = useCompleteOrder();
  const { message } = App.useApp();
  const run = (success: boolean): void => {
    complete.mutate(
      { order, success },
      {
        onSuccess: () => void message.success(success ? `${ORDER_KINDS[order.kind]}已完成` : '已记录执行失败'),
        onError: (e) => void message.error(e instanceof ResponseError ? e.message : '操作失败，请稍后重试'),
      },
    );
  };
  return (
    <Space size={4}>
      <Popconfirm title={`确认已完成${ORDER_KINDS[order.kind]}？`} onConfirm={() => run(true)} okText="确认" cancelText="取消">
        <Button size="small" type="primary" loading={complete.isPending}>完成</Button>
      </Popconfirm>
      <Popconfirm title="确认记录为执行失败？" onConfirm={() => run(false)} okText="确认" cancelText="取消">
        <Button size="small" danger disabled={complete.isPending}>执行失败</Button>
      </Popconfirm>
    </Space>
  );
}

/**
 * 停复电看板 (issue 13): open 复电 orders first with their 24 h clock, then 停电 orders and what was done, with
 * 完成 / 执行失败 for holders of `df:order:manage`. Refetched every 30 s (new 复电 orders come from the counter).
 */
export function OrdersPage() {
  const canManage = usePermission(BILLING_PERMISSIONS.orders);
  const canCollect = usePermission(BILLING_PERMISSIONS.collect);
  const [filter, setFilter] = useState<Omit<OrdersFilter, 'page' | 'pageSize'>>({ status: 'OPEN' });
  const [page, setPage] = useState(1);
  const orders = useOrders({ ...filter, page, pageSize: PAGE_SIZE });
  const change = (next: Partial<Omit<OrdersFilter, 'page' | 'pageSize'>>): void => {
    setFilter((f) => ({ ...f, ...next }));
    setPage(1);
  };
  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <Segmented<'ALL' | Order['kind']>
            aria-label="工单类型"
            value={filter.kind ?? 'ALL'}
            onChange={(v) => change({ kind: v === 'ALL' ? undefined : v })}
            options={[{ value: 'ALL', label: '全部' }, { value: 'RESTORE', label: '复电' }, { value: 'CUTOFF', label: '欠费停电' }]}
          />
          <Select<Order['status']>
            aria-label="工单状态"
            placeholder="全部状态"
            allowClear
            style={{ width: 140 }}
            value={filter.status}
            onChange={(v) => change({ status: v })}
            options={Object.entries(ORDER_STATUSES).map(([value, label]) => ({ value: value as Order['status'], label }))}
          />
        </Flex>
      </Card>
      {orders.error ? (
        <ServiceError error={orders.error} title="停复电工单加载失败" retrying={orders.isFetching} onRetry={() => void orders.refetch()} />
      ) : (
        <Table<Order>
          size="small"
          rowKey="id"
          loading={orders.isLoading}
          dataSource={orders.data?.items ?? []}
          scroll={{ x: 960 }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: orders.data?.total ?? 0, showSizeChanger: false, showTotal: (n) => `共 ${n} 单`, onChange: setPage }}
          columns={[
            { key: 'id', title: '工单号', dataIndex: 'id' },
            { key: 'kind', title: '类型', render: (_, o) => <Tag color={o.kind === 'RESTORE' ? 'green' : 'volcano'}>{ORDER_KINDS[o.kind]}</Tag> },
            { key: 'cons', title: '户号', render: (_, o) => (canCollect ? <Link to={counterRoute(o.consNo)}>{o.consNo}</Link> : o.consNo) },
            { key: 'status', title: '状态', render: (_, o) => <Tag color={STATUS_COLORS[o.status]}>{o.kind === 'RESTORE' && o.status === 'FAILED' ? '复电失败' : ORDER_STATUSES[o.status]}</Tag> },
            { key: 'created', title: '生成时间', render: (_, o) => formatTime(o.createdAt) },
            { key: 'clock', title: '时限', render: (_, o) => <OrderClock order={o} /> },
            ...(canManage ? [{ key: 'actions', title: '操作', render: (_: unknown, o: Order) => (o.status === 'OPEN' ? <OrderActions order={o} /> : null) }] : []),
          ]}
        />
      )}
    </Flex>
  );
}
