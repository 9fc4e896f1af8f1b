// Dev harness: runs 应用商店 alone (`npm run dev -w apps/app-store`) against msw mocks, mounted with the same
// lifecycles and the same props shape the shell passes. Never part of the production build (the build's entry
// is src/main.ts; this file is only reached from the dev server's harness page).
import { appStoreHandlers } from '@wb/mocks';
import { startMockWorker } from '@wb/mocks/browser';
import { FEED_REFRESH_EVENT } from '@wb/sdk';
import { createDevHarness } from '@wb/sdk/dev';
import * as entry from '../main.ts';

// The shell would fetch the feed again; the harness only shows that the app asked.
window.addEventListener(FEED_REFRESH_EVENT, () => console.info('[app-store] feed refresh requested'));

void createDevHarness({
  appId: 'app-store',
  lifecycles: entry,
  user: {
    id: 'u-rev01',
    username: 'rev01',
    displayName: '开发调试（应用审核员）',
    roles: ['STORE_REVIEWER', 'STORE_USER'],
    permissions: ['store:market:use', 'store:app:manage', 'store:app:review'],
    post: { code: 'MGR_VIEW', name: '管理人员', orgUnitCode: '33401', orgUnitName: '国网江州供电公司' },
  },
  services: { appstore: '/api/svc/appstore/v1' },
  startMocks: () => startMockWorker(appStoreHandlers({ delayMs: 200, actor: 'rev01' })),
  startRoute: '/admin',
}).start();
