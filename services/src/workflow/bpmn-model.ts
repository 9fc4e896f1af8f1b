/** The process model the BPMN subset is reduced to (bpmn.ts), stored as JSON with each definition version. */
import type { Assignment } from '@wb/contracts/workflow';

/** A time limit: working days of the calendar, or wall-clock milliseconds. */
export type Sla = { kind: 'wd'; days: number } | { kind: 'ms'; ms: number };

export type NodeType = 'start' | 'userTask' | 'serviceTask' | 'gateway' | 'parallel' | 'end' | 'timer';

/** When a multi-instance user task (会签) is finished: every vote, the first one, or a share of approvals. */
export type Completion = { kind: 'all' } | { kind: 'any' } | { kind: 'ratio'; ratio: number };

export interface ModelNode {
  id: string;
  type: NodeType;
  name: string;
  /** Outgoing sequence flow ids, in document order. */
  outgoing: string[];
  assignee?: Assignment;
  /** The `wb:assignee` text as written. */
  assigneeText?: string;
  sla?: Sla;
  outcomes?: Array<{ key: string; label: string }>;
  command?: string;
  /** Boundary timer: the user task it is attached to and its delay in ms. */
  attachedTo?: string;
  delayMs?: number;
  /** Exclusive gateway: the flow taken when no condition holds. */
  defaultFlow?: string;
  /** Boundary timers attached to this user task. */
  timers?: string[];
  /** Parallel gateway: a fork (one incoming, several outgoing) with its join, or a join with its fork. */
  fork?: { join: string };
  join?: { fork: string };
  /**
   * Multi-instance user task (会签, `multiInstanceLoopCharacteristics isSequential="false"`): every person the
   * assignees resolve to gets a task of their own; `completion` says when the node is done.
   */
  multi?: { completion: Completion; assignees: Assignment[] };
}

export interface ModelFlow {
  id: string;
  source: string;
  target: string;
  condition?: string;
}

export interface ProcessModel {
  key: string;
  name: string;
  sla?: Sla;
  startId: string;
  nodes: Record<string, ModelNode>;
  flows: Record<string, ModelFlow>;
  /** True when the process has parallel gateways or multi-instance tasks (several open tasks at once). */
  concurrent?: boolean;
}

/** A definition refused: a Chinese message naming the problem (and the element). */
export class BpmnError extends Error {}
