// Dev harness: runs 客户档案 alone (`npm run dev -w apps/customer-archive`) against msw mocks, mounted with
// the same lifecycles and the same props shape the shell passes. Never part of the production build
// (the build's entry is src/main.ts; this file is only reached from index.html in dev).
import { startMockWorker } from '@wb/mocks/browser';
import { createDevHarness } from '@wb/sdk/dev';
import * as entry from '../main.ts';

void createDevHarness({
  appId: 'customer-archive',
  lifecycles: entry,
  user: {
    id: 'dev-user',
    username: 'kf01',
    displayName: '开发调试（客服代表）',
    roles: ['KF_AGENT'],
    permissions: ['cust:archive:view'],
    post: { code: 'KF_AGENT', name: '客服代表', orgUnitCode: '3340180', orgUnitName: '江州客户服务中心' },
  },
  services: { customer: '/api/svc/customer/v1' },
  startMocks: () => startMockWorker(),
}).start();
