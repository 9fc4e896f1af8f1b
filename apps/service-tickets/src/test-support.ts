// Shared props of this app's component tests (not shipped: imported by *.test.tsx only).
import { KF_PII_REVEAL, KF_TICKET_ACCEPT, KF_TICKET_DISPATCH, KF_TICKET_HANDLE, KF_TICKET_REVISIT, KF_TICKET_SUPERVISE, KF_TICKET_VIEW } from '@wb/contracts';

export const BASE = '/app/service-tickets';
export const API = '/api/svc/ticket/v1';
export const ALL_TICKET_PERMISSIONS = [KF_TICKET_VIEW, KF_TICKET_ACCEPT, KF_TICKET_DISPATCH, KF_TICKET_HANDLE, KF_TICKET_REVISIT, KF_TICKET_SUPERVISE, KF_PII_REVEAL];

const center = { code: 'KF_AGENT', name: '客服代表', orgUnitCode: '3340180', orgUnitName: '江州客户服务中心' };

/** Props of a 客服中心 agent holding `permissions`, for `renderMicroApp`. */
export const agentProps = (permissions: string[], navigate = (_to: string) => undefined) => ({
  appId: 'service-tickets',
  services: { ticket: API },
  session: { permissions, posts: [center], activePost: center },
  navigate,
});
