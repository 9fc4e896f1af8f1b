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

/**
 * A version's module format. SystemJS versions are stored but the shell does not run them yet, so they cannot
 * be approved (ADR 0023): say so where reviewers look.
 */
export function FormatTag({ format }: { format: ModuleFormat }) {
  return format === 'esm' ? (
    <Tag>ES 模块</Tag>
  ) : (
    <Tag color="warning" data-testid="format-not-runnable">
      SystemJS · 暂不能运行
    </Tag>
  );
}
