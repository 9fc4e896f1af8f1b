// @wb/mocks: msw handlers built from the contracts, to run a micro-app alone (dev harness) and in tests.
export { customerHandlers } from './customer/handlers.ts';
export type { CustomerHandlersOptions } from './customer/handlers.ts';
export { createCustomerDataset } from './customer/dataset.ts';
export type { CustomerDatasetOptions } from './customer/dataset.ts';
export { resolveSearchField, searchCustomers, toSummary } from './customer/search.ts';
export type { ResolvedField } from './customer/search.ts';
export { createRandom } from './customer/random.ts';
export type { Random } from './customer/random.ts';
export { iamHandlers } from './iam/handlers.ts';
export type { IamHandlersOptions } from './iam/handlers.ts';
export { POST_CATALOGUE, createIamDataset } from './iam/dataset.ts';
export type { IamDataset, PostOption, VersionedRole } from './iam/dataset.ts';
