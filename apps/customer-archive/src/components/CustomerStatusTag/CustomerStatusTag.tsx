import { Tag } from 'antd';
import { CUSTOMER_STATUSES } from '@wb/contracts';
import type { CustomerSummary } from '@wb/contracts';

const COLORS: Record<CustomerSummary['status'], string> = {
  normal: 'success',
  suspended: 'warning',
  cancelled: 'default',
  cutoff: 'error',
};

export function CustomerStatusTag({ status }: { status: CustomerSummary['status'] }) {
  return <Tag color={COLORS[status]}>{CUSTOMER_STATUSES[status]}</Tag>;
}
