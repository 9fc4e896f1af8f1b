export { connectionServicePlugin } from './plugin.ts';
export type { ConnectionServiceOptions } from './plugin.ts';
export { connectionMigrations } from './migrations.ts';
export { connectionProcessXml, deployConnectionProcesses } from './processes.ts';
export { seedConnections } from './seed.ts';
export type { ConnectionSeedReport } from './seed.ts';
export { applicationScopeFromAccess } from './scope.ts';
/** Its processes' binding to it (ADR 0021), registered on the engine even when the service runs in its own process. */
export { CONNECTION_DOMAIN } from './domain.ts';
/** Reads of an application (掌上电力's 业扩 progress by application number). */
export { createConnectionOperations } from './operations.ts';
export type { ApplicationScope, ApplicationScopeResolver } from './scope.ts';

/** Service name and major version as the gateway routes them: `/api/svc/connection/v1`. */
export { CONNECTION_SERVICE } from '@wb/contracts/connection';
/** 营销运营监测's read of 业扩 applications (ADR 0061). */
export { applicationsForIndicators } from './indicator-port.ts';
export type { ApplicationForIndicators } from './indicator-port.ts';
/** 全局搜索's read of applications (ADR 0066). */
export { applicationsForSearch } from './search-port.ts';
