import { Tag } from 'antd';
import { POWER_STATES } from '@wb/contracts/billing';

/** 正常供电 / 已停电 as a tag; a cut-off customer stands out in red. */
export function PowerTag({ state }: { state: keyof typeof POWER_STATES }) {
  return <Tag color={state === 'OFF' ? 'red' : 'green'}>{POWER_STATES[state]}</Tag>;
}
