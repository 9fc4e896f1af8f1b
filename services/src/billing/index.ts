export { billingServicePlugin } from './plugin.ts';
export type { BillingServiceOptions } from './plugin.ts';
export { billingMigrations } from './migrations.ts';
export { createBillingOperations } from './operations.ts';
export type { BillingOperations } from './operations.ts';
export { billingScopeFromAccess } from './scope.ts';
export { TARIFFS, calculateBill, tariffCodeFor, tariffFor } from './tariff.ts';
export { monthEnd, penaltyFen } from './penalty.ts';
export { BILLING_SYSTEM_ACTOR, billingProcessXml, deployBillingProcesses } from './processes.ts';
export { BILLING_DOMAIN } from './domain.ts';
export { RESTORE_TASK_TOPIC, businessKeys } from './operations.ts';
/** The consumer that starts an online payment's 复电 task after its commit (ADR 0097). */
export { RESTORE_TASK_CONSUMER } from './restore-tasks.ts';

/** Service name and major version as the gateway routes them: `/api/svc/billing/v1`. */
export { BILLING_SERVICE } from '@wb/contracts/billing';
/** In-process port for the 95598 ticket service's 派单前研判 (arrears and cut-off). */
export { customerArrears } from './ticket-port.ts';
export type { CustomerArrears } from './ticket-port.ts';
/** The 电费缴费收据 PDF, for the customers' own channel (掌上电力, ADR 0046). */
export { receiptNumber, renderReceipt } from './receipt.ts';
/** 营销运营监测's reads of 应收/实收/抄表, 复电 orders and 在册户数 (ADR 0061); the events naming them: fact-events.ts. */
export { accountCountsForIndicators, billMonthsForIndicators, restoreOrdersForIndicators } from './indicator-port.ts';
export type { BillMonthForIndicators, RestoreOrderForIndicators } from './indicator-port.ts';
