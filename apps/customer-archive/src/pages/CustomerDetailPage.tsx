import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Flex, Result, Skeleton } from 'antd';
import { ResponseError } from '@wb/sdk';
import { Link, QueryError } from '@wb/sdk/react';
import { useCustomerDetail } from '../api/customers.ts';
import { CustomerProfile } from '../components/CustomerProfile/CustomerProfile.tsx';
import { MeterTable } from '../components/MeterTable/MeterTable.tsx';
import { CustomerSlots } from '../parts/CustomerSlots.tsx';
import { searchHref } from '../routes.ts';
import type { SearchParams } from '../routes.ts';

export interface CustomerDetailPageProps {
  consNo: string;
  /** Whether `consNo` is a well-formed 户号; a malformed one is "not found" without asking the service. */
  valid: boolean;
  /** The search the user came from; the back link returns to it. */
  back: SearchParams;
}

export function CustomerDetailPage({ consNo, valid, back }: CustomerDetailPageProps) {
  const detail = useCustomerDetail(consNo, valid);
  const backLink = (
    <Link to={searchHref('', back)}>
      <ArrowLeftOutlined aria-hidden /> 返回查询结果
    </Link>
  );

  const notFound = !valid || (detail.error instanceof ResponseError && detail.error.status === 404);
  if (notFound) {
    return <Result status="404" title="未找到该户号的客户" subTitle={`户号：${consNo}`} extra={backLink} />;
  }
  if (detail.isError) {
    return (
      <Flex vertical gap={16}>
        {backLink}
        <QueryError query={detail} title="客户档案加载失败" />
      </Flex>
    );
  }
  const customer = detail.data;
  return (
    <Flex vertical gap={16}>
      {backLink}
      <Card title={customer ? `${customer.name}（${customer.consNo}）` : `户号 ${consNo}`}>
        {customer ? <CustomerProfile customer={customer} /> : <Skeleton active paragraph={{ rows: 6 }} />}
      </Card>
      <Card title="计量装置">
        {customer ? <MeterTable meters={customer.meters} /> : <Skeleton active paragraph={{ rows: 2 }} />}
      </Card>
      {/* 业扩申请, 工单历史, 停电信息, 电费: the owning apps' parts (ADR 0039). */}
      <CustomerSlots consNo={consNo} size="default" />
    </Flex>
  );
}
