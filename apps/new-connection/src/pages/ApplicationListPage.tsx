import { useState } from 'react';
import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { APPLICATION_STATUSES, CONNECTION_NODES, CONNECTION_VARIANTS, type ApplicationListQuery, type ApplicationSummary, type ConnectionNode, type ConnectionVariant } from '@wb/contracts/connection';
import { type SlaState } from '@wb/contracts/workflow';
import { YK_ACCEPT } from '@wb/contracts';
import { Authorized, Link, QueryError, SLA_TAGS, formatTime, pagedTable, useNarrowScreen, useNavigate, useWorkbench } from '@wb/sdk/react';
import { useApplications } from '../api/connection.ts';
import { SlaTag } from '../components/SlaTag/SlaTag.tsx';
import { detailRoute } from '../routes.ts';

const PAGE_SIZE = 20;

/** 在途申请: the applications in scope with filters by node, variant, SLA state and a text search. */
export function ApplicationListPage() {
  const { basePath } = useWorkbench();
  const navigate = useNavigate();
  // 在途申请 lists what is in flight; completed applications are one filter away (已完成 / 全部).
  const [query, setQuery] = useState<ApplicationListQuery>({ page: 1, pageSize: PAGE_SIZE, openOnly: 'true' });
  const list = useApplications(query);
  const narrow = useNarrowScreen();
  const set = (patch: Partial<ApplicationListQuery>): void => setQuery((q) => ({ ...q, ...patch, page: 1 }));

  const columns = [
    { title: '申请编号', dataIndex: 'appNo', key: 'appNo', render: (no: string) => <Link to={detailRoute(no)}>{no}</Link> },
    { title: '户名', dataIndex: 'consName', key: 'consName' },
    { title: '类别', dataIndex: 'variantName', key: 'variantName' },
    { title: '容量', key: 'cap', render: (_: unknown, a: ApplicationSummary) => `${a.applyCap} ${a.capUnit}` },
    { title: '供电单位', dataIndex: 'orgUnitName', key: 'orgUnitName' },
    { title: '当前环节', dataIndex: 'nodeName', key: 'nodeName' },
    { title: '状态', key: 'status', render: (_: unknown, a: ApplicationSummary) => <Tag>{APPLICATION_STATUSES[a.status]}</Tag> },
    { title: '时限', key: 'sla', render: (_: unknown, a: ApplicationSummary) => <SlaTag state={a.slaState} /> },
    { title: '受理时间', key: 'acceptedAt', render: (_: unknown, a: ApplicationSummary) => formatTime(a.acceptedAt) },
  ];

  // On a phone (勘查, 装表接电 in the field): the application (number, customer, node) and its clock, not nine columns.
  const narrowColumns = [
    {
      title: '申请',
      dataIndex: 'appNo',
      key: 'appNo',
      render: (no: string, a: ApplicationSummary) => (
        <Space size={0} orientation="vertical">
          <Link to={detailRoute(no)}>{no}</Link>
          <span>{a.consName}</span>
          <Typography.Text type="secondary">
            {a.variantName} · {a.nodeName}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '时限', key: 'sla', width: 96, render: (_: unknown, a: ApplicationSummary) => <SlaTag state={a.slaState} /> },
  ];

  return (
    <Card
      title="在途申请"
      extra={
        <Authorized permission={YK_ACCEPT}>
          <Button type="primary" onClick={() => navigate(`${basePath}/accept`)}>
            受理登记
          </Button>
        </Authorized>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear aria-label="搜索申请" placeholder="申请编号、户名、地址、电话、户号" style={{ width: 280 }} onSearch={(q) => set({ q: q || undefined })} />
        <Select aria-label="申请状态" defaultValue="open" style={{ width: 120 }}
          onChange={(state: 'open' | 'COMPLETED' | 'all') => set(state === 'open' ? { openOnly: 'true', status: undefined } : { openOnly: undefined, status: state === 'all' ? undefined : state })}
          options={[{ value: 'open', label: '在途' }, { value: 'COMPLETED', label: '已完成' }, { value: 'all', label: '全部状态' }]} />
        <Select allowClear aria-label="环节" placeholder="全部环节" style={{ width: 140 }} onChange={(node?: ConnectionNode) => set({ node })}
          options={Object.entries(CONNECTION_NODES).map(([value, label]) => ({ value, label }))} />
        <Select allowClear aria-label="类别" placeholder="全部类别" style={{ width: 140 }} onChange={(variant?: ConnectionVariant) => set({ variant })}
          options={Object.entries(CONNECTION_VARIANTS).map(([value, v]) => ({ value, label: v.name }))} />
        <Select allowClear aria-label="时限状态" placeholder="全部时限状态" style={{ width: 120 }} onChange={(slaState?: SlaState) => set({ slaState })}
          options={Object.entries(SLA_TAGS).map(([value, t]) => ({ value, label: t.label }))} />
      </Space>
      {list.error ? (
        <QueryError query={list} title="在途申请加载失败" />
      ) : (
        <Table<ApplicationSummary>
          rowKey="appNo"
          size="small"
          columns={narrow ? narrowColumns : columns}
          {...pagedTable(list, { current: Number(query.page ?? 1), pageSize: PAGE_SIZE, onChange: (page) => setQuery((q) => ({ ...q, page })), unit: '件' })}
        />
      )}
    </Card>
  );
}
