// @wb/sdk/react: the React adapter over the framework-free core (@wb/sdk).
export { createReactLifecycles, createWidgetLifecycles } from './lifecycles.tsx';
export type { ReactLifecyclesOptions, WorkbenchWidgets } from './lifecycles.tsx';
export { WorkbenchContext, useAccess, useNavigate, usePermission, useServiceClient, useSession, useWorkbench } from './context.ts';
export { Authorized } from './Authorized.tsx';
export type { AuthorizedProps } from './Authorized.tsx';
export { useLocation } from './useLocation.ts';
export type { ReactLocation } from './useLocation.ts';
export { ErrorBoundary } from './ErrorBoundary.tsx';
export type { ErrorBoundaryProps } from './ErrorBoundary.tsx';
export { createWorkbenchQueryClient } from './queryClient.ts';
export { ServiceError } from './ServiceError.tsx';
export type { ServiceErrorProps } from './ServiceError.tsx';
export { TASK_QUERY_PARAM, useCompleteTask, useInstance, useStartProcess, useTask, useTaskContext, workflowQueryKeys } from './workflow.ts';
export type { CompleteTaskVariables, StartedProcess, StartProcessVariables, TaskContext } from './workflow.ts';
export { useFormDirty, useFormLeaveGuard, useGuardedClose, useServerErrors } from './forms.ts';
export type { FormLeaveGuardOptions } from './forms.ts';
export { leaveGuardsOf, useLeaveGuard } from './leave-guard.ts';
export type { LeaveGuard, LeaveGuards } from '../props.ts';
