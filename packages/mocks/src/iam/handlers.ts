import { delay } from 'msw';
import type { RequestHandler } from 'msw';
import { IAM_SERVICE } from '@wb/contracts';
import { auditHandlers, orgHandlers, roleHandlers } from './admin.ts';
import type { IamContext } from './context.ts';
import { createIamDataset } from './dataset.ts';
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
 * msw handlers for the iam service v1, in memory: the contracts' request schemas (400 with fields), 409 on
 * duplicates, 412 on a stale `If-Match` of a role's grants, and an audit entry for every write.
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
    audit: (action, target) => {
      data.audit.push({
        id: `a-${data.audit.length + 1}`,
        at: new Date().toISOString(),
        actor: options.actor ?? 'admin',
        action,
        target,
        result: 'success',
        ip: '127.0.0.1',
        zone: 'intranet',
        detail: null,
      });
    },
  };
  return [...orgHandlers(ctx), ...userHandlers(ctx), ...roleHandlers(ctx), ...auditHandlers(ctx)];
}
