import { Tag } from 'antd';
import type { SlaState } from '@wb/contracts/workflow';
import { SLA_TAGS } from '@wb/sdk/react';

export function SlaTag({ state }: { state: SlaState }) {
  const tag = SLA_TAGS[state];
  return <Tag color={tag.color}>{tag.label}</Tag>;
}
