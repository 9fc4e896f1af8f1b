// Shared props of this app's component tests (not shipped: imported by *.test.tsx only).
import { DF_BILL_CALC, DF_BILL_VIEW, DF_ORDER_MANAGE, DF_PAY_COLLECT, DF_PAY_REVERSE, DF_READING_ENTER } from '@wb/contracts';

export const BASE = '/app/billing';
export const API = '/api/svc/billing/v1';
export const COLLECTOR_PERMISSIONS = [DF_BILL_VIEW, DF_PAY_COLLECT, DF_ORDER_MANAGE];
export const CALCULATOR_PERMISSIONS = [DF_BILL_VIEW, DF_BILL_CALC];
export const REVERSER_PERMISSIONS = [DF_BILL_VIEW, DF_PAY_COLLECT, DF_PAY_REVERSE];
export const READER_PERMISSIONS = [DF_BILL_VIEW, DF_READING_ENTER];

const unit = { code: 'DF_COLLECT', name: '收费催费员', orgUnitCode: '334010201', orgUnitName: '临川城区供电所' };

/** Props of a 临川城区 billing clerk holding `permissions`, for `renderMicroApp`. */
export const clerkProps = (permissions: string[]) => ({
  appId: 'billing',
  services: { billing: API },
  session: { permissions, posts: [unit], activePost: unit },
});
