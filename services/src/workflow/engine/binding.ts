/**
 * Bound tasks (ADR 0021, docs/quality.md S19): a process owned by a registered domain is completed, transferred and
 * returned only through that domain's command, and started only by it. The generic API's calls come without
 * `via`; the domain's in-process calls pass its name.
 */
import { ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { BoundAction, WorkflowDomain } from '../engine-api.ts';
import type { EngineContext } from './context.ts';

const ACTION_NAMES: Record<BoundAction, string> = { complete: '办理', transfer: '转办', return: '退回' };

/** 409 WB_ERR_DOMAIN_BOUND unless the process is free or the call comes through its own domain. */
export function requireUnbound(
  ctx: EngineContext,
  task: { process_key: string; business_key: string; node_key: string },
  action: BoundAction,
  via: string | undefined,
  nodeName?: string,
): void {
  const domain = ctx.domains.get(task.process_key);
  if (!domain || via === domain.name) return;
  throw boundError(domain, action, task.business_key, task.node_key, nodeName ?? task.node_key);
}

function boundError(domain: WorkflowDomain, action: BoundAction, businessKey: string, nodeKey: string, nodeName: string): AppError {
  const route = domain.commandOf({ businessKey, nodeKey }, action);
  const message = route
    ? `「${nodeName}」环节由${domain.title}办理，不能在待办中直接${ACTION_NAMES[action]}，请在${domain.title}中办理（${route}）`
    : `「${nodeName}」环节由${domain.title}办理，${domain.title}不支持${ACTION_NAMES[action]}该环节`;
  return new AppError(409, ErrorCode.DomainBound, message, route ? { route } : undefined);
}

/** Generic start of a domain's process: refused, naming the domain (its processes start only through it). */
export function requireStartable(ctx: EngineContext, processKey: string, via: string | undefined): void {
  const domain = ctx.domains.get(processKey);
  if (!domain || via === domain.name) return;
  throw new AppError(409, ErrorCode.DomainBound, `流程「${processKey}」属于${domain.title}，只能在${domain.title}中发起`);
}
