export { customerServicePlugin } from './plugin.ts';
export type { CustomerServiceOptions } from './plugin.ts';
export { customerMigrations } from './migrations.ts';
export { createCustomerRepository } from './repository.ts';
export type { CustomerRepository, CustomerScope } from './repository.ts';
export { CUSTOMER_RESOURCE_TYPE, CUSTOMER_VIEW_PERMISSION, scopeFromAccess } from './routes.ts';
export type { CustomerScopeResolver } from './routes.ts';
export { COUNT_CAP, buildCustomerSearchSql, runCustomerSearchSql } from './search-sql.ts';
export type { CustomerSearchSql, RunSql, SearchRows } from './search-sql.ts';

/** Service name and major version as the gateway routes them: `/api/svc/customer/v1` (defined in contracts). */
export { CUSTOMER_SERVICE } from '@wb/contracts';
export { CONNECTION_CONS_PREFIX, PUBLIC_TG_DIVERSITY, TG_LOAD_RATE, compactAddress, createCustomerFromConnection, customersAtAddress, meterAssetInUse, openCapacity, publicTgsOf, supplyUnitOf } from './connection-port.ts';
export type { NewCustomerInput, TgCapacity } from './connection-port.ts';
export {
  callerLookupField,
  customerCount,
  customerForTicket,
  customersByConsNos,
  customersByPhone,
  customersOfUnit,
  customersPage,
  lookupCallers,
  nthCustomerPhone,
  supplyUnits,
  tgsByIds,
  tgsOfUnit,
} from './ticket-port.ts';
export type { CallerLookupField, TicketCustomer } from './ticket-port.ts';
export { billingContactPhones, billingCustomerTgs, billingProfile, billingProfiles, readingSectionOf, readingSections, setCustomersPowerCut } from './billing-port.ts';
export type { BillingProfile, ReadingSection } from './billing-port.ts';
