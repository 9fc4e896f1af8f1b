import { useState } from 'react';
import { Badge, Card, Flex, Input, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { TICKET_PERMISSIONS, TICKET_STATUSES, TICKET_TYPES, type TicketListQuery, type TicketStatus, type TicketSummary, type TicketType, type TicketView } from '@wb/contracts/ticket';
import { Link, QueryError, formatTime, pagedTable, useNarrowScreen, usePermission } from '@wb/sdk/react';
import { useTickets } from '../api/tickets.ts';
import { SlaCountdown } from '../components/SlaCountdown.tsx';
import { detailRoute, type ListKind } from '../routes.ts';

const TITLES: Record<ListKind, string> = { mine: '我的工单', queue: '供电所工单', dispatch: '派单台', revisit: '回访' };
const HINTS: Record<ListKind, string> = {
  mine: '我受理的工单（含已办结、已归档），以及本人数据范围内的全部工单。',
  queue: '派到本供电所的工单：接单、到达现场、处理回单。',
  dispatch: '待派单与待审核的工单，按优先级（催办、督办、紧急）排序；时限实时倒计时。',
  revisit: '待回访的工单；无法联系的最多回访三次。',
};
/** Dispatch board refresh: new tickets arrive all the time. */
const BOARD_REFRESH_MS = 30_000;

const typeOf = (t: TicketSummary): string => (t.subTypeName ? `${t.typeName} / ${t.subTypeName}` : t.typeName);

/** The status, a link straight to the open step's form (the inbox's task route) while one is open. */
function StatusLink({ ticket: t }: { ticket: TicketSummary }) {
  return t.nodeKey ? (
    <Link to={`${detailRoute(t.no)}/${t.nodeKey}`} aria-label={`办理 ${t.no} ${t.nodeName ?? ''}`}>
      {t.statusName}
    </Link>
  ) : (
    <>{t.statusName}</>
  );
}

function UrgeBadge({ count }: { count: number }) {
  return count > 0 ? <Badge count={count} title={`催办 ${count} 次`} /> : <Typography.Text type="secondary">0</Typography.Text>;
}

/** The columns of every list on a screen of md (768 px) and wider. */
function columns(receivedAt: number): TableColumnsType<TicketSummary> {
  return [
    {
      title: '工单号',
      dataIndex: 'no',
      width: 170,
      render: (no: string, t) => (
        <Space size={4} orientation="vertical">
          <Link to={detailRoute(no)}>{no}</Link>
          {t.supervised && <Tag color="red">督办</Tag>}
        </Space>
      ),
    },
    { title: '业务类型', dataIndex: 'typeName', width: 120, render: (_: string, t) => typeOf(t) },
    {
      title: '客户',
      dataIndex: 'consName',
      // The 户号 below the name: on one line a company's name pushed 时限 out of a 1440 px screen.
      render: (name: string | null, t) => (
        <Space size={0} orientation="vertical">
          {name ?? t.contactName}
          {t.consNo ? <Typography.Text type="secondary">{t.consNo}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: '处理单位', dataIndex: 'orgUnitName', width: 130 },
    { title: '状态', dataIndex: 'statusName', width: 100, render: (_: string, t) => <StatusLink ticket={t} /> },
    { title: '催办', dataIndex: 'urgeCount', width: 70, render: (count: number) => <UrgeBadge count={count} /> },
    { title: '受理时间', dataIndex: 'acceptedAt', width: 150, render: (at: string) => formatTime(at) },
    { title: '时限', dataIndex: 'sla', width: 220, render: (_: unknown, t) => <SlaCountdown sla={t.sla} receivedAt={receivedAt} /> },
  ];
}

/**
 * On a phone (供电所 crews in the field): two columns, the ticket (number, type and status, customer) and its
 * clock, instead of eight that scroll sideways behind the 工单号.
 */
function narrowColumns(receivedAt: number): TableColumnsType<TicketSummary> {
  return [
    {
      title: '工单',
      dataIndex: 'no',
      render: (no: string, t) => (
        <Space size={0} orientation="vertical">
          <Link to={detailRoute(no)}>{no}</Link>
          <span>
            {typeOf(t)} · <StatusLink ticket={t} />
          </span>
          <Typography.Text type="secondary">{t.consName ?? t.contactName}</Typography.Text>
          {t.supervised && <Tag color="red">督办</Tag>}
        </Space>
      ),
    },
    {
      title: '时限',
      dataIndex: 'sla',
      width: 128,
      render: (_: unknown, t) => (
        <Space size={4} orientation="vertical">
          <SlaCountdown sla={t.sla} receivedAt={receivedAt} />
          {t.urgeCount > 0 && <UrgeBadge count={t.urgeCount} />}
        </Space>
      ),
    },
  ];
}

function TicketTable({ view, refetchInterval }: { view: TicketView; refetchInterval?: number }) {
  const [filters, setFilters] = useState<{ q: string; type?: TicketType; status?: TicketStatus; overdue: boolean; page: number }>({ q: '', overdue: false, page: 1 });
  const query: TicketListQuery = {
    view,
    page: filters.page,
    pageSize: 20,
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.overdue ? { overdue: 'true' as const } : {}),
  };
  const list = useTickets(query, refetchInterval ? { refetchInterval } : {});
  const narrow = useNarrowScreen();
  if (list.error) return <QueryError query={list} title="工单加载失败" />;
  return (
    <Flex vertical gap={12}>
      <Space wrap>
        <Input.Search
          aria-label="查询工单"
          placeholder="工单号、户名、地址或内容"
          allowClear
          style={{ width: 260 }}
          maxLength={64}
          onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim(), page: 1 }))}
        />
        <Select
          aria-label="业务类型"
          placeholder="业务类型"
          allowClear
          style={{ width: 140 }}
          value={filters.type}
          onChange={(type?: TicketType) => setFilters((f) => ({ ...f, type, page: 1 }))}
          options={Object.entries(TICKET_TYPES).map(([value, label]) => ({ value, label }))}
        />
        {(view === 'mine' || view === 'all') && (
          <Select
            aria-label="工单状态"
            placeholder="工单状态"
            allowClear
            style={{ width: 120 }}
            value={filters.status}
            onChange={(status?: TicketStatus) => setFilters((f) => ({ ...f, status, page: 1 }))}
            options={Object.entries(TICKET_STATUSES).map(([value, label]) => ({ value, label }))}
          />
        )}
        <Space size={4}>
          <Switch aria-label="只看超期" size="small" checked={filters.overdue} onChange={(overdue) => setFilters((f) => ({ ...f, overdue, page: 1 }))} />
          <span>只看超期</span>
        </Space>
      </Space>
      <Table<TicketSummary>
        rowKey="no"
        size="small"
        columns={narrow ? narrowColumns(list.dataUpdatedAt) : columns(list.dataUpdatedAt)}
        scroll={narrow ? undefined : { x: 'max-content' }}
        {...pagedTable(list, { current: filters.page, pageSize: 20, onChange: (page) => setFilters((f) => ({ ...f, page })), unit: '件' })}
      />
    </Flex>
  );
}

/** 我的工单, 供电所工单, 派单台 (待派单 and 待审核) and 回访: one table over `GET /tickets?view=…`. */
export function TicketListPage({ view }: { view: ListKind }) {
  const canAccept = usePermission(TICKET_PERMISSIONS.accept);
  return (
    <Card title={TITLES[view]}>
      <Typography.Paragraph type="secondary">{HINTS[view]}</Typography.Paragraph>
      {view === 'dispatch' ? (
        <Tabs
          items={[
            { key: 'dispatch', label: '待派单', children: <TicketTable view="dispatch" refetchInterval={BOARD_REFRESH_MS} /> },
            { key: 'review', label: '待审核', children: <TicketTable view="review" refetchInterval={BOARD_REFRESH_MS} /> },
          ]}
        />
      ) : view === 'mine' ? (
        <Tabs
          defaultActiveKey={canAccept ? 'mine' : 'all'}
          items={[
            { key: 'mine', label: '我受理的', children: <TicketTable view="mine" /> },
            { key: 'all', label: '全部工单', children: <TicketTable view="all" /> },
          ]}
        />
      ) : (
        <TicketTable view={view} />
      )}
    </Card>
  );
}
