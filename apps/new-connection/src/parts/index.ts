// The part 业扩报装 exposes (manifest `exposes`, ADR 0030/0039): 客户档案's 客户360 slot 业扩申请. The component is
// its own chunk, loaded only when a consumer first renders the part.
import { knownPartProps } from '@wb/contracts';
import type { WorkbenchParts } from '@wb/sdk';
import { createLazyReactPart } from '@wb/sdk/react';

export const parts: WorkbenchParts = {
  'customer-applications': createLazyReactPart(() => import('./CustomerApplicationsPart.tsx').then((m) => m.CustomerApplicationsPart), {
    appId: 'new-connection',
    title: '业扩申请',
    schema: knownPartProps['new-connection/customer-applications'],
  }),
};
