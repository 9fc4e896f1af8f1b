import { Tag } from 'antd';
import type { VersionStatus } from '@wb/contracts/appstore';
import { APP_STATUS, VERSION_STATUS } from '../labels.ts';

export function VersionStatusTag({ status }: { status: VersionStatus }) {
  const { label, color } = VERSION_STATUS[status];
  return <Tag color={color}>{label}</Tag>;
}

export function AppStatusTag({ status }: { status: 'ACTIVE' | 'OFFLINE' }) {
  const { label, color } = APP_STATUS[status];
  return <Tag color={color}>{label}</Tag>;
}
