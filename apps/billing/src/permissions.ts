import { DF_BILL_CALC, DF_BILL_VIEW, DF_ORDER_MANAGE, DF_PAY_COLLECT, DF_PAY_REVERSE, DF_READING_ENTER } from '@wb/contracts';
import { DF_PORTAL_MANAGE } from '@wb/contracts/billing';

/** The billing permissions the screens check (keys from the contracts; the manifest declares the same). */
export const BILLING_PERMISSIONS = {
  view: DF_BILL_VIEW,
  readingEnter: DF_READING_ENTER,
  calc: DF_BILL_CALC,
  collect: DF_PAY_COLLECT,
  reverse: DF_PAY_REVERSE,
  orders: DF_ORDER_MANAGE,
  portal: DF_PORTAL_MANAGE,
} as const;
