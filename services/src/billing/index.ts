export { billingServicePlugin } from './plugin.ts';
export type { BillingServiceOptions } from './plugin.ts';
export { billingMigrations } from './migrations.ts';
export { createBillingOperations } from './operations.ts';
export type { BillingOperations } from './operations.ts';
export { billingScopeFromAccess } from './scope.ts';
export { TARIFFS, calculateBill, tariffCodeFor, tariffFor } from './tariff.ts';
export { monthEnd, penaltyFen } from './penalty.ts';

/** Service name and major version as the gateway routes them: `/api/svc/billing/v1`. */
export { BILLING_SERVICE } from '@wb/contracts/billing';
