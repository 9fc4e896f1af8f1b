import { Empty, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { APPLICATION_STATUSES, type ApplicationSummary } from '@wb/contracts/connection';
import { QueryError, WorkbenchLink, formatDate, partTable, useWorkbench } from '@wb/sdk/react';
import { useApplications } from '../api/connection.ts';
import { detailPath } from '../routes.ts';

/**
 * 业扩申请 (part `customer-applications`, a 客户360 slot of 客户档案; ADR 0039): the applications of one 户号 (增容,
 * 变更 and the like carry it; a 新装 gets it at 归档), each opening 业扩报装. The list's search also matches the
 * 户号 in other columns, so the part keeps exact matches only.
 */
export function CustomerApplicationsPart({ consNo }: { consNo: string }) {
  const { basePath } = useWorkbench();
  const list = useApplications({ q: consNo, page: 1, pageSize: 50 });
  if (list.isError) {
    return <QueryError query={list} title="业扩申请加载失败" />;
  }
  const items = (list.data?.items ?? []).filter((a) => a.consNo === consNo);
  const columns: TableColumnsType<ApplicationSummary> = [
    {
      title: '申请编号',
      dataIndex: 'appNo',
      // Into 业扩报装 itself: a shell-level navigation, not this part's own history.
      render: (appNo: string) => <WorkbenchLink href={detailPath(basePath, appNo)}>{appNo}</WorkbenchLink>,
    },
    { title: '业务类型', dataIndex: 'variantName' },
    { title: '申请容量', key: 'cap', render: (_, a) => `${a.applyCap} ${a.capUnit}` },
    { title: '受理日期', dataIndex: 'acceptedAt', render: (at: string) => formatDate(at) },
    {
      title: '状态',
      key: 'status',
      render: (_, a) => <Tag color={a.status === 'COMPLETED' ? 'green' : a.status === 'SUSPENDED' ? 'orange' : 'blue'}>{a.nodeName || APPLICATION_STATUSES[a.status]}</Tag>,
    },
  ];
  return (
    <div role="region" aria-label={`业扩申请 ${consNo}`}>
      <Table<ApplicationSummary> rowKey="appNo" columns={columns} dataSource={items} {...partTable(list, <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该客户暂无业扩申请" />)} />
    </div>
  );
}
