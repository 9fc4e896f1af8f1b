import { Card, Empty } from 'antd';
import { partKey } from '@wb/contracts';
import type { PartAvailability } from '@wb/sdk';
import { AppPart, useWorkbench } from '@wb/sdk/react';
import { CUSTOMER_360_SLOTS } from './slots.ts';
import type { Customer360Slot } from './slots.ts';

/**
 * Whether no provider in this deployment exposes the slot's part (ADR 0039): the shell says `missing` when the
 * provider app is loadable but does not expose it; for a provider the viewer may not load, the feed still names
 * the part (`loadable: false`) whenever a current provider version exposes it, so a `forbidden` answer that knows
 * nothing about the part — its title is only the `<app>/<part>` key — means there is no provider at all. Without a
 * part host (dev harness) there is nothing to assemble either.
 */
export function providerAbsent(slot: Pick<Customer360Slot, 'providerApp' | 'part'>, availability: PartAvailability | undefined): boolean {
  if (!availability) return true;
  if (availability.status === 'missing') return true;
  return availability.status === 'forbidden' && availability.title === partKey(slot.providerApp, slot.part);
}

function Slot({ slot, consNo, size }: { slot: Customer360Slot; consNo: string; size: 'small' | 'default' }) {
  const { parts } = useWorkbench();
  const availability = parts?.describe(slot.providerApp, slot.part);
  return (
    <Card size={size} title={slot.title} data-slot={slot.key}>
      {providerAbsent(slot, availability) ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`待「${slot.providerName}」以部件接入`} />
      ) : (
        // Available: the provider's part; otherwise the SDK's placeholder (无权查看 / 当前渠道不支持).
        <AppPart app={slot.providerApp} part={slot.part} props={{ consNo }} />
      )}
    </Card>
  );
}

/** The 客户360 slots of one 户号 (业扩申请, 工单历史, 停电信息, 电费), on the customer page and in the 客户360 part. */
export function CustomerSlots({ consNo, size = 'small' }: { consNo: string; size?: 'small' | 'default' }) {
  return (
    <>
      {CUSTOMER_360_SLOTS.map((slot) => (
        <Slot key={slot.key} slot={slot} consNo={consNo} size={size} />
      ))}
    </>
  );
}
