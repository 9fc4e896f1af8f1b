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
/** In-process port for the 95598 ticket service's 派单前研判 (arrears and cut-off). */
export { customerArrears } from './ticket-port.ts';
export type { CustomerArrears } from './ticket-port.ts';
