// Dev harness: runs 运营监测 alone (`npm run dev -w apps/ops-monitor`) against msw mocks, mounted with the same
// lifecycles and props shape the shell passes. Never part of the production build (entry: src/main.ts).
// The user is the city's manager (总览, drill-down, 口径, 大屏); the mocks also serve the 营业厅 kiosk's routes.
import { OPS_INDICATOR_VIEW } from '@wb/contracts/indicators';
import { indicatorsHandlers } from '@wb/mocks';
import { startMockWorker } from '@wb/mocks/browser';
import { createDevHarness } from '@wb/sdk/dev';
import * as entry from '../main.ts';

void createDevHarness({
  appId: 'ops-monitor',
  lifecycles: entry,
  user: {
    id: 'dev-user',
    username: 'mgr01',
    displayName: '开发调试（营销管理人员）',
    roles: ['MGR_VIEWER'],
    permissions: [OPS_INDICATOR_VIEW],
    post: { code: 'MGR_VIEW', name: '营销管理人员', orgUnitCode: '33401', orgUnitName: '国网江州供电公司' },
  },
  services: { indicators: '/api/svc/indicators/v1' },
  startMocks: () => startMockWorker(indicatorsHandlers({ delayMs: 300 })),
}).start();
