export { createDb } from './db/create-db.ts';
export type { CreateDbOptions } from './db/create-db.ts';
export { migrate } from './db/migrate.ts';
export type { Db, DbKind, Executor, Migration, Queryable } from './db/types.ts';
export { AppError, badRequestFromIssues, parseOrThrow, zodIssuesToFields } from './errors.ts';
export type { AccessControl, AuditEntry, AuditResult, DataScope, Principal, RouteAccess } from './principal.ts';
export { toSessionUser } from './principal.ts';
export type { CspSources } from './fastify.ts';
