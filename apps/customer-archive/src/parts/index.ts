// The parts 客户档案 exposes (manifest `exposes`, ADR 0030). Each component is its own chunk: a consumer's
// viewer loads it only when the part first renders, and the archive's own pages never pull it in.
import { knownPartProps } from '@wb/contracts';
import type { WorkbenchParts } from '@wb/sdk';
import { createLazyReactPart } from '@wb/sdk/react';

const appId = 'customer-archive';

export const parts: WorkbenchParts = {
  'customer-360': createLazyReactPart(() => import('./Customer360Part.tsx').then((m) => m.Customer360Part), {
    appId,
    title: '客户360',
    schema: knownPartProps['customer-archive/customer-360'],
  }),
  'customer-card': createLazyReactPart(() => import('./CustomerCardPart.tsx').then((m) => m.CustomerCardPart), {
    appId,
    title: '客户卡片',
    schema: knownPartProps['customer-archive/customer-card'],
  }),
};
