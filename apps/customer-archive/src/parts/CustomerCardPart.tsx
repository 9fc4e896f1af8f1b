import { Button, Card, Descriptions, Skeleton } from 'antd';
import { ResponseError } from '@wb/sdk';
import { QueryError, usePublish } from '@wb/sdk/react';
import { useCustomerDetail } from '../api/customers.ts';
import { PartNotFound } from './PartNotFound.tsx';
import { maskPhone } from '../format.ts';
import { CustomerStatusTag } from '../components/CustomerStatusTag/CustomerStatusTag.tsx';

/**
 * 客户卡片 (part `customer-card`, ADR 0030): who the customer is in five lines. 选用此客户 publishes
 * `customer.selected` to the page's scope, so the consumer (e.g. a 95598 intake form) takes the 户号.
 */
export function CustomerCardPart({ consNo }: { consNo: string }) {
  const detail = useCustomerDetail(consNo, true);
  const publish = usePublish();
  if (detail.error instanceof ResponseError && detail.error.status === 404) return <PartNotFound consNo={consNo} />;
  if (detail.isError) {
    return <QueryError query={detail} title="客户档案加载失败" />;
  }
  const c = detail.data;
  return (
    <Card
      size="small"
      title={c ? `${c.name}（${c.consNo}）` : `户号 ${consNo}`}
      extra={
        <Button size="small" disabled={!c} onClick={() => publish('customer.selected', { consNo })}>
          选用此客户
        </Button>
      }
    >
      {c ? (
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'address', label: '用电地址', children: c.address },
            { key: 'phone', label: '联系电话', children: maskPhone(c.phone) },
            { key: 'status', label: '状态', children: <CustomerStatusTag status={c.status} /> },
            { key: 'elecType', label: '用电类别', children: c.elecTypeName },
            { key: 'org', label: '供电单位', children: c.orgUnitName },
          ]}
        />
      ) : (
        <Skeleton active paragraph={{ rows: 3 }} />
      )}
    </Card>
  );
}
