export { connectionServicePlugin } from './plugin.ts';
export type { ConnectionServiceOptions } from './plugin.ts';
export { connectionMigrations } from './migrations.ts';
export { connectionProcessXml, deployConnectionProcesses } from './processes.ts';
export { seedConnections } from './seed.ts';
export type { ConnectionSeedReport } from './seed.ts';
export { applicationScopeFromAccess } from './scope.ts';
/** Reads of an application (掌上电力's 业扩 progress by application number). */
export { createConnectionOperations } from './operations.ts';
export type { ApplicationScope, ApplicationScopeResolver } from './scope.ts';

/** Service name and major version as the gateway routes them: `/api/svc/connection/v1`. */
export { CONNECTION_SERVICE } from '@wb/contracts/connection';
