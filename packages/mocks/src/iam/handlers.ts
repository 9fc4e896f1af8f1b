import { delay } from 'msw';
import type { RequestHandler } from 'msw';
import { IAM_SERVICE } from '@wb/contracts';
import { auditHandlers, roleHandlers } from './admin.ts';
import type { IamContext } from './context.ts';
import { createIamDataset } from './dataset.ts';
import { importHandlers } from './imports.ts';
import { orgHandlers } from './org.ts';
import { postHandlers } from './posts.ts';
import { mockBase } from './respond.ts';
import type { IamDataset } from './dataset.ts';
import { userHandlers } from './users.ts';

export interface IamHandlersOptions {
  /** Gateway base of the iam service; default `/api/svc/iam/v1`. */
  baseUrl?: string;
  /** The state served and changed by writes; default a fresh `createIamDataset()`. */
  data?: IamDataset;
  /** Simulated latency in ms; default 0. */
  delayMs?: number;
  /** Actor written into the audit entries of writes; default `admin`. */
  actor?: string;
}

/**
 * msw handlers for the iam service v1, in memory, for every route 系统管理 calls: org tree administration, users
 * (filters, bulk actions, effective permissions), post assignments, roles and grants, the audit log and the bulk
 * import job. They answer as services/src/iam does — the contracts' schemas (400 naming the field), the service's
 * order of refusals, 404 / 409, `If-Match` 428 / 412 on a role's grants — and audit every write; proven against the
 * service by services/src/iam/contract.test.ts.
 */
export function iamHandlers(options: IamHandlersOptions = {}): RequestHandler[] {
  const data = options.data ?? createIamDataset();
  const ctx: IamContext = {
    data,
    base: mockBase(options.baseUrl, IAM_SERVICE),
    wait: async () => {
      if (options.delayMs) await delay(options.delayMs);
    },
    actor: options.actor ?? 'admin',
    audit: (action, target, result = 'success') => {
      data.audit.push({
        id: `a-${data.audit.length + 1}`,
        at: new Date().toISOString(),
        actor: options.actor ?? 'admin',
        action,
        target,
        result,
        ip: '127.0.0.1',
        zone: 'intranet',
        detail: null,
      });
    },
  };
  return [...orgHandlers(ctx), ...userHandlers(ctx), ...postHandlers(ctx), ...roleHandlers(ctx), ...auditHandlers(ctx), ...importHandlers(ctx)];
}
