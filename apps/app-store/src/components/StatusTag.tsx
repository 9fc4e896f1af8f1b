import { Tag } from 'antd';
import type { ModuleFormat } from '@wb/contracts';
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

/** A version's module format (ADR 0023); the shell runs both, SystemJS through a loader it fetches on demand (ADR 0040). */
export function FormatTag({ format }: { format: ModuleFormat }) {
  return format === 'esm' ? <Tag>ES 模块</Tag> : <Tag color="blue">SystemJS</Tag>;
}
