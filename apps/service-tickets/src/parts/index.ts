// The parts 客服工单 exposes (manifest `exposes`, ADR 0030/0039): the 客户360 slots 工单历史 and 停电信息 of 客户档案.
// Each component is its own chunk, loaded only when a consumer first renders the part.
import { knownPartProps } from '@wb/contracts';
import type { WorkbenchParts } from '@wb/sdk';
import { createLazyReactPart } from '@wb/sdk/react';

const appId = 'service-tickets';

export const parts: WorkbenchParts = {
  'customer-tickets': createLazyReactPart(() => import('./CustomerTicketsPart.tsx').then((m) => m.CustomerTicketsPart), {
    appId,
    title: '工单历史',
    schema: knownPartProps['service-tickets/customer-tickets'],
  }),
  'customer-outages': createLazyReactPart(() => import('./CustomerOutagesPart.tsx').then((m) => m.CustomerOutagesPart), {
    appId,
    title: '停电信息',
    schema: knownPartProps['service-tickets/customer-outages'],
  }),
};
