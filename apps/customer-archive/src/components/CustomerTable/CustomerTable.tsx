import { Table } from 'antd';
import type { TableColumnsType } from 'antd';
import type { CustomerSearchResult, CustomerSummary } from '@wb/contracts';
import { Link } from '@wb/sdk/react';
import { maskPhone } from '../../format.ts';
import { CustomerStatusTag } from '../CustomerStatusTag/CustomerStatusTag.tsx';

export interface CustomerTableProps {
  result: CustomerSearchResult;
  loading: boolean;
  /** Route (below the basePath) of a customer's detail page: the 户号 is a real link (keyboard, modifier-clicks). */
  routeOf(consNo: string): string;
  onOpen(consNo: string): void;
  onPageChange(page: number): void;
  /** Shown when nothing matched; default 未找到匹配的客户. */
  emptyText?: string;
}

function columns(routeOf: CustomerTableProps['routeOf']): TableColumnsType<CustomerSummary> {
  return [
    {
      title: '户号',
      dataIndex: 'consNo',
      width: 120,
      // The link navigates itself (or opens a new tab on a modifier-click); the row's click handler is for the
      // rest of the row, so the link's click stops there.
      render: (consNo: string) => (
        <Link to={routeOf(consNo)} data-testid="cons-no" onClick={(event) => event.stopPropagation()}>
          {consNo}
        </Link>
      ),
    },
    { title: '户名', dataIndex: 'name', ellipsis: true },
    { title: '用电地址', dataIndex: 'address', ellipsis: true },
    { title: '联系电话', dataIndex: 'phone', width: 130, render: (phone: string) => maskPhone(phone) },
    { title: '用电类别', dataIndex: 'elecTypeName', width: 130 },
    { title: '电压等级', dataIndex: 'voltageName', width: 110 },
    {
      title: '状态',
      dataIndex: 'status',
      width: 100,
      render: (status: CustomerSummary['status']) => <CustomerStatusTag status={status} />,
    },
    { title: '供电单位', dataIndex: 'orgUnitName', width: 150, ellipsis: true },
  ];
}

export function CustomerTable({ result, loading, routeOf, onOpen, onPageChange, emptyText = '未找到匹配的客户' }: CustomerTableProps) {
  return (
    <Table<CustomerSummary>
      rowKey="consNo"
      size="middle"
      columns={columns(routeOf)}
      dataSource={result.items}
      loading={loading}
      onRow={(record) => ({ onClick: () => onOpen(record.consNo), style: { cursor: 'pointer' } })}
      locale={{ emptyText }}
      pagination={{
        current: result.page,
        pageSize: result.pageSize,
        total: result.total,
        showSizeChanger: false,
        // The service stops counting at a cap (contracts: CustomerSearchResult.capped).
        showTotal: (total) => (result.capped ? `超过 ${total} 条` : `共 ${total} 条`),
        onChange: onPageChange,
      }}
    />
  );
}
