import { Table } from 'antd';
import type { TableColumnsType } from 'antd';
import type { CustomerSearchResult, CustomerSummary } from '@wb/contracts';
import { maskPhone } from '../../format.ts';
import { CustomerStatusTag } from '../CustomerStatusTag/CustomerStatusTag.tsx';

export interface CustomerTableProps {
  result: CustomerSearchResult;
  loading: boolean;
  /** href of a customer's detail page (the 户号 is a real link: keyboard and middle-click work). */
  hrefOf(consNo: string): string;
  onOpen(consNo: string): void;
  onPageChange(page: number): void;
  /** Shown when nothing matched; default 未找到匹配的客户. */
  emptyText?: string;
}

function columns(hrefOf: CustomerTableProps['hrefOf']): TableColumnsType<CustomerSummary> {
  return [
    {
      title: '户号',
      dataIndex: 'consNo',
      width: 120,
      // The row's click handler navigates; the link only prevents the full page load.
      render: (consNo: string) => (
        <a href={hrefOf(consNo)} data-testid="cons-no" onClick={(event) => event.preventDefault()}>
          {consNo}
        </a>
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

export function CustomerTable({ result, loading, hrefOf, onOpen, onPageChange, emptyText = '未找到匹配的客户' }: CustomerTableProps) {
  return (
    <Table<CustomerSummary>
      rowKey="consNo"
      size="middle"
      columns={columns(hrefOf)}
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
