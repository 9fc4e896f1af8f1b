import { Descriptions } from 'antd';
import type { DescriptionsProps } from 'antd';
import type { CustomerDetail } from '@wb/contracts';
import { maskPhone } from '../../format.ts';
import { CustomerStatusTag } from '../CustomerStatusTag/CustomerStatusTag.tsx';

function items(customer: CustomerDetail): DescriptionsProps['items'] {
  return [
    { key: 'consNo', label: '户号', children: customer.consNo },
    { key: 'name', label: '户名', children: customer.name },
    // The address gets a row of its own: it is the longest value and agents read it back to callers.
    { key: 'address', label: '用电地址', children: customer.address, span: { xs: 1, md: 2 } },
    { key: 'phone', label: '联系电话', children: maskPhone(customer.phone) },
    { key: 'status', label: '状态', children: <CustomerStatusTag status={customer.status} /> },
    { key: 'category', label: '用户分类', children: customer.category },
    { key: 'elecType', label: '用电类别', children: customer.elecTypeName },
    { key: 'voltage', label: '电压等级', children: customer.voltageName },
    // kW for low voltage, kVA for high voltage (contracts: capacityUnit).
    { key: 'capacity', label: '合同容量', children: `${customer.contractCapacity} ${customer.capacityUnit}` },
    { key: 'tg', label: '台区', children: `${customer.tgName}（${customer.tgId}）` },
    { key: 'mrSect', label: '抄表段', children: customer.mrSectNo },
    { key: 'org', label: '供电单位', children: customer.orgUnitName },
    { key: 'powerOn', label: '送电日期', children: customer.powerOnDate },
  ];
}

/** 客户档案 account data (户号 … 送电日期). */
export function CustomerProfile({ customer }: { customer: CustomerDetail }) {
  return <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={items(customer)} />;
}
