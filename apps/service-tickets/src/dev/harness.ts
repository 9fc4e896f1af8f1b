// Dev harness: runs 客服工单 alone (`npm run dev -w apps/service-tickets`) against msw mocks, mounted with the
// same lifecycles and props shape the shell passes. Never part of the production build (entry: src/main.ts).
import { ticketHandlers } from '@wb/mocks';
import { startMockWorker } from '@wb/mocks/browser';
import { createDevHarness } from '@wb/sdk/dev';
import * as entry from '../main.ts';

void createDevHarness({
  appId: 'service-tickets',
  lifecycles: entry,
  user: {
    id: 'dev-user',
    username: 'kf01',
    displayName: '开发调试（客服代表）',
    roles: ['KF_AGENT'],
    permissions: ['kf:ticket:view', 'kf:ticket:accept', 'kf:ticket:dispatch', 'kf:ticket:handle', 'kf:ticket:revisit', 'kf:ticket:supervise', 'kf:pii:reveal'],
    post: { code: 'KF_AGENT', name: '客服代表', orgUnitCode: '3340180', orgUnitName: '江州客户服务中心' },
  },
  services: { ticket: '/api/svc/ticket/v1' },
  startRoute: '/intake',
  startMocks: () => startMockWorker(ticketHandlers({ delayMs: 300 })),
}).start();
