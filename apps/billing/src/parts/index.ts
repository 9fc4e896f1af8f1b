// The parts 电费账务 exposes (manifest `exposes`, ADR 0030): each in its own chunk, loaded when a consumer first
// renders it, so the app's own pages never pull it in.
import { CUSTOMER_BILLS_PART, customerBillsPartPropsSchema } from '@wb/contracts/billing-counter';
import type { WorkbenchParts } from '@wb/sdk';
import { createLazyReactPart } from '@wb/sdk/react';

export const parts: WorkbenchParts = {
  [CUSTOMER_BILLS_PART]: createLazyReactPart(() => import('./CustomerBillsPart.tsx').then((m) => m.CustomerBillsPart), {
    appId: 'billing',
    title: '电费',
    schema: customerBillsPartPropsSchema,
  }),
};
