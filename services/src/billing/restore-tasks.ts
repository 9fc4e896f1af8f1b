/**
 * 复电 tasks started after an online payment commits (ADR 0097, amends ADR 0049). A notification that clears a cut-off
 * customer creates the 复电 order in its write-off, with an event of `RESTORE_TASK_TOPIC` naming it; the consumer
 * `billing.restore-tasks` starts the order's bound task (执行复电, 24 h from the payment) in the dispatcher's
 * transaction. At least once, idempotent by the order: a repeated delivery starts nothing (`startRestoreTasks`).
 */
import type { WorkflowEngine } from '../workflow/index.ts';
import { RESTORE_TASK_TOPIC, type BillingOperations } from './operations.ts';

export const RESTORE_TASK_CONSUMER = 'billing.restore-tasks';

export function registerRestoreTaskConsumer(engine: Pick<WorkflowEngine, 'consume'>, operations: Pick<BillingOperations, 'internals'>): () => void {
  return engine.consume(RESTORE_TASK_CONSUMER, [RESTORE_TASK_TOPIC], async (event, tx) => {
    await operations.internals.startRestoreTasks(tx, [String(event.payload.orderId)]);
  });
}
