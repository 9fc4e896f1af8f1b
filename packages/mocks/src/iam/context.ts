import type { OrgUnit, PostAssignment } from '@wb/contracts';
import type { IamDataset } from './dataset.ts';

/** What every group of iam handlers shares: the data, the base URL, the simulated latency and the audit trail. */
export interface IamContext {
  data: IamDataset;
  base: string;
  wait(): Promise<void>;
  /** Username of the administrator making the calls (an administrator cannot disable their own account). */
  actor: string;
  /** Records an administrative write, as the real service does (docs/quality.md S14); a success unless `result` says otherwise. */
  audit(action: string, target: string, result?: 'success' | 'failure'): void;
}

/** The unit itself or below it by path (never a sibling whose path merely starts alike: `/1/12` is not under `/1/1`). */
export const inSubtree = (path: string, root: string): boolean => path === root || path.startsWith(`${root}/`);

/** An active org unit by code, as the service's `status = 'active'` lookups find it. */
export const activeUnit = (data: IamDataset, code: string): OrgUnit | undefined => data.orgUnits.find((o) => o.code === code && o.status === 'active');

/** Whether an assignment is in force at `now` (ms): started (or no start) and not yet ended (an end is exclusive). */
export const validAt = (p: Pick<PostAssignment, 'validFrom' | 'validTo'>, now: number): boolean =>
  (p.validFrom === null || Date.parse(p.validFrom) <= now) && (p.validTo === null || Date.parse(p.validTo) > now);
