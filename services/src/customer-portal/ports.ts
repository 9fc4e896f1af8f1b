/**
 * What 掌上电力 uses of other modules, in one place, through their index files (ADR 0026): the customer archive's
 * lookup by 户号, billing's operations (its own 收费 for the write-off) and receipt, the 95598 ticket operations and 停电信息, 业扩's application reads.
 */
export { customersByConsNos } from '../customer/index.ts';
export type { TicketCustomer } from '../customer/index.ts';
export { createBillingOperations, receiptNumber, renderReceipt } from '../billing/index.ts';
export type { BillingOperations } from '../billing/index.ts';
export { TICKET_SYSTEM_ACTOR, createDesk, createTicketOperations, DEFAULT_TICKET_SETTINGS } from '../ticket/index.ts';
export type { CreateTicketInput, TicketOperations } from '../ticket/index.ts';
export { createConnectionOperations } from '../connection/index.ts';
