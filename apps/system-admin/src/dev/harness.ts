// Dev harness: runs 系统管理 alone (`npm run dev -w apps/system-admin`) against msw mocks, mounted with
// the same lifecycles and the same props shape the shell passes. Never part of the production build
// (the build's entry is src/main.ts; this file is only reached from the dev server's harness page).
import { iamHandlers } from '@wb/mocks';
import { startMockWorker } from '@wb/mocks/browser';
import { createDevHarness } from '@wb/sdk/dev';
import * as entry from '../main.ts';

void createDevHarness({
  appId: 'system-admin',
  lifecycles: entry,
  user: {
    id: 'u-admin',
    username: 'admin',
    displayName: '开发调试（平台管理员）',
    roles: ['PLATFORM_ADMIN'],
    permissions: ['sys:admin:manage'],
    post: { code: 'MGR_VIEW', name: '管理人员', orgUnitCode: '33401', orgUnitName: '国网江州供电公司' },
  },
  services: { iam: '/api/svc/iam/v1' },
  startMocks: () => startMockWorker(iamHandlers({ delayMs: 200 })),
}).start();
