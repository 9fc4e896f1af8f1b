/**
 * The platform module's surface for the other modules (ADR 0026). The composition root (`services/src/app.ts`)
 * wires the platform plugins from their files; modules and their tests import from here.
 */
export { default as errorHandlerPlugin, frameworkErrors } from './error-handler.ts';
export { accessAlerts, queryAuditLog } from './audit-log.ts';
export type { AuditLogQuery } from './audit-log.ts';
