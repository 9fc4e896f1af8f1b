import { KF_SLA_MANAGE } from '@wb/contracts/ticket';
import {
  KF_PII_REVEAL,
  KF_TICKET_ACCEPT,
  KF_TICKET_DISPATCH,
  KF_TICKET_HANDLE,
  KF_TICKET_REVISIT,
  KF_TICKET_SUPERVISE,
  KF_TICKET_VIEW,
} from '@wb/contracts';

/** The ticket permissions the screens check (keys from the contracts; the manifest declares the same). */
export const TICKET_PERMISSIONS = {
  view: KF_TICKET_VIEW,
  accept: KF_TICKET_ACCEPT,
  dispatch: KF_TICKET_DISPATCH,
  handle: KF_TICKET_HANDLE,
  revisit: KF_TICKET_REVISIT,
  supervise: KF_TICKET_SUPERVISE,
  reveal: KF_PII_REVEAL,
  sla: KF_SLA_MANAGE,
} as const;
