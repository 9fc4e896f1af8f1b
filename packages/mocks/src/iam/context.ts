import type { IamDataset } from './dataset.ts';

/** What every group of iam handlers shares: the data, the base URL, the simulated latency and the audit trail. */
export interface IamContext {
  data: IamDataset;
  base: string;
  wait(): Promise<void>;
  /** Username of the administrator making the calls (an administrator cannot disable their own account). */
  actor: string;
  /** Records a successful administrative write, as the real service does (docs/quality.md S14). */
  audit(action: string, target: string): void;
}
