// Dev harness: runs 应用商店 alone (`npm run dev -w apps/app-store`) against msw mocks, mounted with the same
// lifecycles and the same props shape the shell passes. Never part of the production build (the build's entry
// is src/main.ts; this file is only reached from index.html in dev).
import { appStoreHandlers } from '@wb/mocks';
import { startMockWorker } from '@wb/mocks/browser';
import type { WorkbenchProps } from '@wb/sdk';
import { FEED_REFRESH_EVENT } from '@wb/sdk';
import { mount } from '../main.ts';

const BASE_PATH = '/app/app-store';

function harnessProps(domElement: HTMLElement): WorkbenchProps {
  const post = { code: 'MGR_VIEW', name: '管理人员', orgUnitCode: '33401', orgUnitName: '国网江州供电公司' };
  return {
    name: '@wb-app/app-store',
    appId: 'app-store',
    basePath: BASE_PATH,
    session: {
      id: 'u-rev01',
      username: 'rev01',
      displayName: '开发调试（应用审核员）',
      orgUnitCode: post.orgUnitCode,
      orgUnitName: post.orgUnitName,
      roles: ['STORE_REVIEWER', 'STORE_USER'],
      posts: [post],
      activePost: post,
      permissions: ['store:market:use', 'store:app:manage', 'store:app:review'],
      mustChangePassword: false,
    },
    services: { appstore: '/api/svc/appstore/v1' },
    // Without single-spa nothing announces history changes: dispatch popstate as its patched history does.
    navigate(to, options) {
      if (options?.replace) window.history.replaceState(null, '', to);
      else window.history.pushState(null, '', to);
      window.dispatchEvent(new PopStateEvent('popstate'));
    },
    reportError(error, code) {
      console.error(`[app-store] ${code ?? 'error'}`, error);
    },
    domElement,
  };
}

async function start(): Promise<void> {
  await startMockWorker(appStoreHandlers({ delayMs: 200, actor: 'rev01' }));
  // The shell would fetch the feed again; the harness only shows that the app asked.
  window.addEventListener(FEED_REFRESH_EVENT, () => console.info('[app-store] feed refresh requested'));
  if (!window.location.pathname.startsWith(BASE_PATH)) window.history.replaceState(null, '', `${BASE_PATH}/admin`);
  const container = document.getElementById('app');
  if (!container) throw new Error('index.html has no #app element');
  await mount(harnessProps(container));
}

void start();
