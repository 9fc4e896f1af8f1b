import { Card, Flex, Skeleton } from 'antd';
import { ResponseError } from '@wb/sdk';
import { QueryError, WorkbenchLink, useWorkbench } from '@wb/sdk/react';
import { useCustomerDetail } from '../api/customers.ts';
import { PartNotFound } from './PartNotFound.tsx';
import { CustomerProfile } from '../components/CustomerProfile/CustomerProfile.tsx';
import { MeterTable } from '../components/MeterTable/MeterTable.tsx';
import { CustomerSlots } from './CustomerSlots.tsx';

/**
 * 客户360 (part `customer-360`, ADR 0030): the account and meters of one 户号 from the customer service, and the
 * slots that other apps fill with their own parts (业扩申请, 工单历史, 停电信息, 电费; see slots.ts).
 */
export function Customer360Part({ consNo }: { consNo: string }) {
  const detail = useCustomerDetail(consNo, true);
  const { basePath } = useWorkbench();
  if (detail.error instanceof ResponseError && detail.error.status === 404) return <PartNotFound consNo={consNo} />;
  if (detail.isError) {
    return <QueryError query={detail} title="客户档案加载失败" />;
  }
  const customer = detail.data;
  const archive = `${basePath}/customers/${encodeURIComponent(consNo)}`;
  return (
    <Flex vertical gap={12} aria-label={`客户360 ${consNo}`} role="region">
      <Card
        size="small"
        title={customer ? `${customer.name}（${customer.consNo}）` : `户号 ${consNo}`}
        // Into the archive app itself: a shell-level navigation, not this part's own history.
        extra={<WorkbenchLink href={archive}>打开客户档案</WorkbenchLink>}
      >
        {customer ? <CustomerProfile customer={customer} /> : <Skeleton active paragraph={{ rows: 5 }} />}
      </Card>
      <Card size="small" title="计量装置">
        {customer ? <MeterTable meters={customer.meters} /> : <Skeleton active paragraph={{ rows: 2 }} />}
      </Card>
      <CustomerSlots consNo={consNo} />
    </Flex>
  );
}
