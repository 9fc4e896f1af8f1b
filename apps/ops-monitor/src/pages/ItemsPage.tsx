import { useState } from 'react';
import { Button, Flex, Skeleton, Table, Typography } from 'antd';
import type { IndicatorCode, IndicatorItem } from '@wb/contracts/indicators';
import { Link, QueryError, WorkbenchLink, useLocation, useWorkbench } from '@wb/sdk/react';
import { useDefinitions, useItems, useSummary } from '../api/indicators.ts';
import { ymLabel } from '../format.ts';
import { viewPath } from '../routes.ts';

/** The items behind a figure (overdue applications, late repairs …); each opens in its own micro-app. */
export function ItemsPage({ code }: { code: IndicatorCode }) {
  const location = useLocation();
  const { navigate } = useWorkbench();
  const org = location.search.get('org') ?? undefined;
  const ym = location.search.get('ym') ?? undefined;
  const [page, setPage] = useState(1);
  const items = useItems(org, ym, code, page);
  const summary = useSummary(org, ym);
  const def = useDefinitions().data?.items.find((d) => d.code === code);
  if (items.error) return <QueryError query={items} title="明细加载失败" />;
  if (!items.data) return <Skeleton active />;
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {def?.name ?? code} · 明细{summary.data ? ` · ${summary.data.org.name}` : ''}{def?.realtime ? ' · 实时' : ym ? ` · ${ymLabel(ym)}` : ''}
        </Typography.Title>
        <Link to={viewPath('', org, ym)}>返回总览</Link>
      </Flex>
      <Table<IndicatorItem>
        size="small"
        rowKey="key"
        dataSource={items.data.items}
        locale={{ emptyText: '没有明细' }}
        pagination={{ current: page, pageSize: items.data.pageSize, total: items.data.total, onChange: setPage, showTotal: (n) => `共 ${n} 条` }}
        columns={[
          { title: '业务', dataIndex: 'title', render: (title: string, r) => <WorkbenchLink href={r.link}>{title}</WorkbenchLink> },
          { title: '单位', dataIndex: 'orgName' },
          { title: '日期', dataIndex: 'day' },
          { title: '说明', dataIndex: 'detail' },
          { title: '', key: 'open', render: (_: unknown, r) => <Button size="small" onClick={() => navigate(r.link)}>打开</Button> },
        ]}
      />
    </Flex>
  );
}
