// Dev harness: runs 电费账务 alone (`npm run dev -w apps/billing`) against msw mocks, mounted with the same
// lifecycles and props shape the shell passes. Never part of the production build (entry: src/main.ts).
import { billingHandlers } from '@wb/mocks';
import { startMockWorker } from '@wb/mocks/browser';
import { createDevHarness } from '@wb/sdk/dev';
import * as entry from '../main.ts';

void createDevHarness({
  appId: 'billing',
  lifecycles: entry,
  user: {
    id: 'dev-user',
    username: 'df03',
    displayName: '开发调试（收费催费员）',
    roles: ['DF_COLLECTOR'],
    permissions: ['df:bill:view', 'df:pay:collect', 'df:pay:reverse', 'df:order:manage', 'df:bill:calc', 'df:reading:enter'],
    post: { code: 'DF_COLLECT', name: '收费催费员', orgUnitCode: '334010201', orgUnitName: '临川城区供电所' },
  },
  services: { billing: '/api/svc/billing/v1' },
  startRoute: '/counter',
  startMocks: () => startMockWorker(billingHandlers({ delayMs: 300 })),
}).start();
