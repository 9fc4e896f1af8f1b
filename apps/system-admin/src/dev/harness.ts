// Dev harness: runs 系统管理 alone (`npm run dev -w apps/system-admin`) against msw mocks, mounted with
// the same lifecycles and the same props shape the shell passes. Never part of the production build
// (the build's entry is src/main.ts; this file is only reached from index.html in dev).
import { iamHandlers } from '@wb/mocks';
import { startMockWorker } from '@wb/mocks/browser';
import type { WorkbenchProps } from '@wb/sdk';
import { mount } from '../main.ts';

const BASE_PATH = '/app/system-admin';

function harnessProps(domElement: HTMLElement): WorkbenchProps {
  const post = { code: 'MGR_VIEW', name: '管理人员', orgUnitCode: '33401', orgUnitName: '国网江州供电公司' };
  return {
    name: '@wb-app/system-admin',
    appId: 'system-admin',
    basePath: BASE_PATH,
    session: {
      id: 'u-admin',
      username: 'admin',
      displayName: '开发调试（平台管理员）',
      orgUnitCode: post.orgUnitCode,
      orgUnitName: post.orgUnitName,
      roles: ['PLATFORM_ADMIN'],
      posts: [post],
      activePost: post,
      permissions: ['sys:admin:manage'],
      mustChangePassword: false,
    },
    services: { iam: '/api/svc/iam/v1' },
    // Without single-spa nothing announces history changes: dispatch popstate as its patched history does.
    navigate(to, options) {
      if (options?.replace) window.history.replaceState(null, '', to);
      else window.history.pushState(null, '', to);
      window.dispatchEvent(new PopStateEvent('popstate'));
    },
    reportError(error, code) {
      console.error(`[system-admin] ${code ?? 'error'}`, error);
    },
    domElement,
  };
}

async function start(): Promise<void> {
  await startMockWorker(iamHandlers({ delayMs: 200 }));
  if (!window.location.pathname.startsWith(BASE_PATH)) window.history.replaceState(null, '', BASE_PATH);
  const container = document.getElementById('app');
  if (!container) throw new Error('index.html has no #app element');
  await mount(harnessProps(container));
}

void start();
