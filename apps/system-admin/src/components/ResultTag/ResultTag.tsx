import { Tag } from 'antd';
import type { AuditEntry } from '@wb/contracts';

const RESULT: Record<AuditEntry['result'], { color: string; label: string }> = {
  success: { color: 'success', label: '成功' },
  failure: { color: 'warning', label: '失败' },
  denied: { color: 'error', label: '拒绝' },
};

export const RESULT_OPTIONS = (Object.keys(RESULT) as AuditEntry['result'][]).map((value) => ({ value, label: RESULT[value].label }));

export function ResultTag({ result }: { result: AuditEntry['result'] }) {
  return <Tag color={RESULT[result].color}>{RESULT[result].label}</Tag>;
}
