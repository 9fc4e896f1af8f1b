import { useState } from 'react';
import { App, Button, Card, Descriptions, Flex, Popconfirm, Segmented, Space, Table, Tag } from 'antd';
import { BILLING_PERMISSIONS, ORDER_KINDS, ORDER_STATUSES, type Order } from '@wb/contracts/billing';
import { ResponseError } from '@wb/contracts';
import { Link, QueryError, formatTime, pagedTable, usePermission } from '@wb/sdk/react';
import { useCompleteOrder, useOrder, useOrders, type OrdersFilter } from '../api/billing.ts';
import { FilterSelect } from '../components/FilterSelect.tsx';
import { OrderClock } from '../components/OrderClock.tsx';
import { counterRoute } from '../routes.ts';

const PAGE_SIZE = 20;
const STATUS_COLORS: Record<Order['status'], string> = { OPEN: 'blue', DONE: 'green', FAILED: 'red' };

/**
 * 执行 of an order's open step (bound task, ADR 0049; the server lets only its handler — the 台区经理 of the
 * customer's 供电所 — act): success, or a failure (a failed 复电 goes on to 现场复电（督办）, which only 完成 closes).
 */
function OrderActions({ order }: { order: Order }) {
  const complete = useCompleteOrder();
  const { message } = App.useApp();
  // mutateAsync, not mutate's per-call callbacks: those are dropped when this component unmounts first — and it
  // does, as soon as the refetched order is done and its actions disappear — so the confirmation went missing.
  const run = (success: boolean): void => {
    complete.mutateAsync({ order, success }).then(
      () => void message.success(success ? `${ORDER_KINDS[order.kind]}已完成` : '已记录执行失败'),
      (e: unknown) => void message.error(e instanceof ResponseError ? e.message : '操作失败，请稍后重试'),
    );
  };
  return (
    <Space size={4}>
      <Popconfirm title={`确认已完成${ORDER_KINDS[order.kind]}？`} onConfirm={() => run(true)} okText="确认" cancelText="取消">
        <Button size="small" type="primary" loading={complete.isPending}>完成</Button>
      </Popconfirm>
      {order.status === 'OPEN' && (
        <Popconfirm title="确认记录为执行失败？" onConfirm={() => run(false)} okText="确认" cancelText="取消">
          <Button size="small" danger disabled={complete.isPending}>执行失败</Button>
        </Popconfirm>
      )}
    </Space>
  );
}

/** The order a 待办 opened (`/orders/<TD|FD><id>` from the inbox): its step, clock and actions above the board. */
function FocusedOrder({ id, canManage }: { id: string; canManage: boolean }) {
  const order = useOrder(id);
  if (order.error) return <QueryError query={order} title="工单加载失败" />;
  const o = order.data;
  if (!o) return null;
  return (
    <Card size="small" title={`${ORDER_KINDS[o.kind]}工单 ${o.id}`} extra={(o.status === 'OPEN' || o.openStep) && canManage ? <OrderActions order={o} /> : null}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          { key: 'cons', label: '户号', children: o.consNo },
          { key: 'status', label: '状态', children: <Tag color={STATUS_COLORS[o.status]}>{ORDER_STATUSES[o.status]}</Tag> },
          { key: 'step', label: '当前环节', children: o.openStep ?? '已办结' },
          { key: 'clock', label: '时限', children: <OrderClock order={o} /> },
        ]}
      />
    </Card>
  );
}

/**
 * 停复电看板 (issue 13): open 复电 orders first with their 24 h clock, then 停电 orders and what was done, with
 * 完成 / 执行失败 for holders of `df:order:manage`. Refetched every 30 s (new 复电 orders come from the counter).
 */
export function OrdersPage({ focusId = null }: { focusId?: string | null } = {}) {
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
      {focusId && <FocusedOrder id={focusId} canManage={canManage} />}
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <Segmented<'ALL' | Order['kind']>
            aria-label="工单类型"
            value={filter.kind ?? 'ALL'}
            onChange={(v) => change({ kind: v === 'ALL' ? undefined : v })}
            options={[{ value: 'ALL', label: '全部' }, { value: 'RESTORE', label: '复电' }, { value: 'CUTOFF', label: '欠费停电' }]}
          />
          <FilterSelect label="工单状态" placeholder="全部状态" width={140} labels={ORDER_STATUSES} value={filter.status} onChange={(v) => change({ status: v })} />
        </Flex>
      </Card>
      {orders.error ? (
        <QueryError query={orders} title="停复电工单加载失败" />
      ) : (
        <Table<Order>
          size="small"
          rowKey="id"
          scroll={{ x: 960 }}
          {...pagedTable(orders, { current: page, pageSize: PAGE_SIZE, onChange: setPage, unit: '单' })}
          columns={[
            { key: 'id', title: '工单号', dataIndex: 'id' },
            { key: 'kind', title: '类型', render: (_, o) => <Tag color={o.kind === 'RESTORE' ? 'green' : 'volcano'}>{ORDER_KINDS[o.kind]}</Tag> },
            { key: 'cons', title: '户号', render: (_, o) => (canCollect ? <Link to={counterRoute(o.consNo)}>{o.consNo}</Link> : o.consNo) },
            { key: 'status', title: '状态', render: (_, o) => <Tag color={STATUS_COLORS[o.status]}>{o.kind === 'RESTORE' && o.status === 'FAILED' ? '复电失败' : ORDER_STATUSES[o.status]}</Tag> },
            { key: 'created', title: '生成时间', render: (_, o) => formatTime(o.createdAt) },
            { key: 'step', title: '当前环节', render: (_, o) => o.openStep ?? '—' },
            { key: 'clock', title: '时限', render: (_, o) => <OrderClock order={o} /> },
            ...(canManage ? [{ key: 'actions', title: '操作', render: (_: unknown, o: Order) => (o.status === 'OPEN' || o.openStep ? <OrderActions order={o} /> : null) }] : []),
          ]}
        />
      )}
    </Flex>
  );
}
