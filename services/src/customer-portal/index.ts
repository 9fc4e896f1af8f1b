export { customerPortalPlugin, recordingCustomerSms } from './plugin.ts';
export type { CustomerPortalOptions, CustomerSmsGateway } from './plugin.ts';
export { customerPortalMigrations } from './migrations.ts';
export { createSimulatedProvider } from './sim-provider.ts';
export type { SimulatedProvider, SimulatedProviderOptions } from './sim-provider.ts';
export type { PaymentProvider } from './provider.ts';


/** Service name and major version as the gateway routes them: `/api/svc/customer-portal/v1`. */
export { CUSTOMER_PORTAL_SERVICE } from '@wb/contracts/customer-portal';
