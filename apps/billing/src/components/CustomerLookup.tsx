import { useEffect, useState } from 'react';
import { Empty, Flex, Input, Table, Tag, Typography } from 'antd';
import { COUNTER_LOOKUP_FIELDS, type CounterCustomer } from '@wb/contracts/billing-counter';
import { useCounterLookup } from '../api/billing.ts';
import { formatYuan } from '../format.ts';
import { PowerTag } from './PowerTag.tsx';

export interface CustomerLookupProps {
  /** The customer shown at the counter (highlighted in the list). */
  selected: string | null;
  onPick(consNo: string): void;
}

/**
 * 查找客户 at the counter: 户号, 户名 or 电话 in one box. Each hit shows whether the customer owes and is cut off,
 * so the clerk picks the right one of several with the same name; a 户号 typed in full opens its account at once.
 */
export function CustomerLookup({ selected, onPick }: CustomerLookupProps) {
  const [q, setQ] = useState('');
  const lookup = useCounterLookup(q);
  const items = lookup.data?.items ?? [];

  useEffect(() => {
    if (lookup.data?.field === 'consNo' && lookup.data.items.length === 1 && lookup.data.items[0]!.consNo !== selected) onPick(lookup.data.items[0]!.consNo);
    // Only a new answer opens the account, not a later change of the selection.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [lookup.data]);

  return (
    <Flex vertical gap={12}>
      <Input.Search
        aria-label="查找客户"
        placeholder="户号、户名或电话"
        allowClear
        autoFocus
        maxLength={64}
        enterButton="查找"
        loading={lookup.isFetching}
        onSearch={(value) => setQ(value.trim())}
      />
      {q.length > 0 && q.length < 2 && <Typography.Text type="danger">请至少输入 2 个字</Typography.Text>}
      {lookup.error && <Typography.Text type="danger">{lookup.error.message}</Typography.Text>}
      {lookup.data && (
        <Typography.Text type="secondary">
          按{COUNTER_LOOKUP_FIELDS[lookup.data.field]}查找，共 {items.length} 户{items.length >= 20 ? '（仅显示前 20 户，请输入更完整的条件）' : ''}
        </Typography.Text>
      )}
      {lookup.data && items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="您负责的范围内没有匹配的客户" />}
      {items.length > 0 && (
        <Table<CounterCustomer>
          size="small"
          rowKey="consNo"
          pagination={false}
          scroll={{ x: 600 }}
          dataSource={items}
          rowClassName={(c) => (c.consNo === selected ? 'ant-table-row-selected' : '')}
          onRow={(c) => ({ onClick: () => onPick(c.consNo), style: { cursor: 'pointer' } })}
          columns={[
            { key: 'consNo', title: '户号', dataIndex: 'consNo', width: 110 },
            {
              key: 'name',
              title: '户名 / 用电地址',
              ellipsis: true,
              render: (_, c) => (
                <Flex vertical>
                  <Typography.Text strong>{c.name}</Typography.Text>
                  <Typography.Text type="secondary" ellipsis={{ tooltip: c.address }} style={{ fontSize: 12 }}>
                    {c.address}
                  </Typography.Text>
                </Flex>
              ),
            },
            { key: 'phone', title: '电话', dataIndex: 'phone', width: 110 },
            { key: 'power', title: '供电', width: 84, render: (_, c) => <PowerTag state={c.powerState} /> },
            {
              key: 'owe',
              title: '欠费',
              width: 150,
              align: 'right',
              render: (_, c) =>
                c.oweFen > 0 ? (
                  <Flex vertical>
                    <Typography.Text type="danger" strong>{formatYuan(c.oweFen)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.openMonths} 个月</Typography.Text>
                  </Flex>
                ) : (
                  <Tag color="green">无欠费</Tag>
                ),
            },
          ]}
        />
      )}
    </Flex>
  );
}
