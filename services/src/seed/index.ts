/** The seed module's surface for the rest of the services (ADR 0026: other modules import a module only here). */
export { seedOnFirstStart } from './first-start.ts';
export type { FirstStartOptions } from './first-start.ts';
export { seedIdentity, SEEDED_ACCOUNTS, DEMO_ACCOUNTS } from './identity.ts';
export type { SeedIdentityOptions, SeedIdentityResult } from './identity.ts';
export { seedCustomers } from './customers.ts';
export type { CustomerSeedReport } from './customers.ts';
export { seedTicketReference, seedTickets } from './tickets.ts';
export type { TicketSeedReport } from './tickets.ts';
export { billingBooks, seedBilling } from './billing.ts';
export type { BillingSeedReport } from './billing.ts';
export { seedCustomerPortal, DEMO_CUSTOMERS } from './customer-portal.ts';
export type { CustomerPortalSeedReport } from './customer-portal.ts';
