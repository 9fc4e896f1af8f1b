import { Descriptions, Tag } from 'antd';
import { CUSTOMER_STATUSES } from '@wb/contracts';
import { AREA_CLASSES, type CustomerMatch } from '@wb/contracts/ticket';

/** The picked customer in brief (from the lookup): who, where, which 供电所 and 台区, open tickets. */
export function CustomerCard({ customer }: { customer: CustomerMatch }) {
  return (
    <Descriptions
      size="small"
      column={1}
      items={[
        { key: 'consNo', label: '户号', children: customer.consNo },
        { key: 'consName', label: '户名', children: customer.consName },
        { key: 'address', label: '用电地址', children: customer.address },
        { key: 'phone', label: '联系电话', children: customer.phoneMasked },
        { key: 'category', label: '用户分类', children: customer.category },
        {
          key: 'status',
          label: '用电状态',
          children: CUSTOMER_STATUSES[customer.status as keyof typeof CUSTOMER_STATUSES] ?? customer.status,
        },
        { key: 'unit', label: '供电所', children: `${customer.orgUnitName}（${AREA_CLASSES[customer.areaClass]}）` },
        { key: 'tg', label: '台区', children: `${customer.tgName}（${customer.tgId}）` },
        {
          key: 'open',
          label: '在办工单',
          children: customer.openTickets > 0 ? <Tag color="orange">{customer.openTickets} 件</Tag> : '无',
        },
      ]}
    />
  );
}
