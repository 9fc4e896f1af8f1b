// Dev harness: runs 客户档案 alone (`npm run dev -w apps/customer-archive`) against msw mocks, mounted with
// the same lifecycles and the same props shape the shell passes. Never part of the production build
// (the build's entry is src/main.ts; this file is only reached from the dev server's harness page).
import { startMockWorker } from '@wb/mocks/browser';
import { DEV_AGENT, createDevHarness } from '@wb/sdk/dev';
import * as entry from '../main.ts';

void createDevHarness({
  appId: 'customer-archive',
  lifecycles: entry,
  user: { ...DEV_AGENT, permissions: ['cust:archive:view'] },
  services: { customer: '/api/svc/customer/v1' },
  startMocks: () => startMockWorker(),
}).start();
