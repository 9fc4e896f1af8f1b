/**
 * The one key space of workflow data (ADR 0027), shared by the SDK's workflow hooks (`@wb/sdk/react`) and the
 * shell's inbox, so that "the inbox" and "a task" mean the same cache entries wherever they are read or
 * invalidated. Framework-free: the shell uses it without loading the SDK's React module.
 */
export const workflowQueryKeys = {
  all: ['workflow'] as const,
  task: (taskId: string) => [...workflowQueryKeys.all, 'task', taskId] as const,
  instance: (instanceId: string) => [...workflowQueryKeys.all, 'instance', instanceId] as const,
  /** Prefix of every inbox query: invalidate it after claiming, completing or starting. */
  inbox: ['workflow', 'inbox'] as const,
  /** One inbox page with its filters (box, search, paging). */
  inboxPage: <F extends object>(filters: F) => [...workflowQueryKeys.inbox, filters] as const,
};
