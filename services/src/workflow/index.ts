export { createWorkflowEngine } from './engine.ts';
export type { WorkflowEngineOptions, WorkflowEngineService } from './engine.ts';
// The engine's in-process API for the domain services (connection today; tickets and billing next).
export { businessProcessJoin, businessSlaSql } from './engine-api.ts';
export { SYSTEM_ACTOR, processFiles } from './process-files.ts';
export type { ProcessFiles } from './process-files.ts';
// Working-day arithmetic for domains that keep their own clocks (tickets, ADR 0029), with `engine.holidays`.
export { addWorkingDays, createHolidayCache, cstDate, cstDateTime, cstDayStart, isWorkday } from './calendar.ts';
export type { HolidayMap } from './calendar.ts';
export type {
  BoundAction,
  CompleteInput,
  InstanceReadScope,
  OpenedTask,
  OpenedTasks,
  ServiceTaskHandler,
  StartInput,
  TaskActionOptions,
  WorkflowActor,
  WorkflowDomain,
  WorkflowEngine,
} from './engine-api.ts';
export type { OutboxEvent, OutboxHandler } from './outbox.ts';
/**
 * Domain events written by a domain service in its own transaction (billing's 催费 messages, ADR 0043); `insertEventsSql`
 * for a service that writes them inside a larger statement (billing's 收费, ADR 0090).
 */
export { insertEvents, insertEventsSql } from './outbox.ts';
export { BpmnError, parseBpmn, WB_NAMESPACE } from './bpmn.ts';
export type { ProcessModel } from './bpmn.ts';
export { workflowMigrations } from './migrations.ts';
export { workflowServicePlugin } from './plugin.ts';
/** Inbox-cache invalidations through Redis, for a process that binds an engine without the workflow service (split-service.ts). */
export { createInboxCacheBus } from './stream.ts';
// Retention of the outbox, idempotency keys and read notifications (the plugin's tick runs it; domains test theirs).
export { DEFAULT_RETENTION, runRetention } from './retention.ts';
export type { RetentionSettings } from './retention.ts';
export type { WorkflowServiceOptions } from './plugin.ts';

/** Service name and major version as the gateway routes them: `/api/svc/workflow/v1`. */
export { WORKFLOW_SERVICE } from '@wb/contracts/workflow';
/** Instance milestones (suspensions, node completions) for read models (营销运营监测, ADR 0061). */
export { instanceMilestones } from './history-port.ts';
export type { InstanceMilestone } from './history-port.ts';
