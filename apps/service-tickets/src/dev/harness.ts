// Dev harness: runs 客服工单 alone (`npm run dev -w apps/service-tickets`) against msw mocks, mounted with the
// same lifecycles and props shape the shell passes. Never part of the production build (entry: src/main.ts).
import { ticketHandlers } from '@wb/mocks';
import { startMockWorker } from '@wb/mocks/browser';
import { DEV_AGENT, createDevHarness } from '@wb/sdk/dev';
import * as entry from '../main.ts';

void createDevHarness({
  appId: 'service-tickets',
  lifecycles: entry,
  user: { ...DEV_AGENT, permissions: ['kf:ticket:view', 'kf:ticket:accept', 'kf:ticket:dispatch', 'kf:ticket:handle', 'kf:ticket:revisit', 'kf:ticket:supervise', 'kf:pii:reveal'] },
  services: { ticket: '/api/svc/ticket/v1' },
  startRoute: '/intake',
  startMocks: () => startMockWorker(ticketHandlers({ delayMs: 300 })),
}).start();
