// Dev harness: runs 客户档案 alone (`npm run dev -w apps/customer-archive`) against msw mocks, mounted with
// the same lifecycles and the same props shape the shell passes. Never part of the production build
// (the build's entry is src/main.ts; this file is only reached from index.html in dev).
import { startMockWorker } from '@wb/mocks/browser';
import type { WorkbenchProps } from '@wb/sdk';
import { mount } from '../main.ts';

const BASE_PATH = '/app/customer-archive';

function harnessProps(domElement: HTMLElement): WorkbenchProps {
  const post = { code: 'KF_AGENT', name: '客服代表', orgUnitCode: '3340180', orgUnitName: '江州客户服务中心' };
  return {
    name: '@wb-app/customer-archive',
    appId: 'customer-archive',
    basePath: BASE_PATH,
    session: {
      id: 'dev-user',
      username: 'kf01',
      displayName: '开发调试（客服代表）',
      orgUnitCode: post.orgUnitCode,
      orgUnitName: post.orgUnitName,
      roles: ['KF_AGENT'],
      posts: [post],
      activePost: post,
      permissions: ['cust:archive:view'],
      mustChangePassword: false,
    },
    services: { customer: '/api/svc/customer/v1' },
    // Without single-spa nothing announces history changes: dispatch popstate as its patched history does.
    navigate(to, options) {
      if (options?.replace) window.history.replaceState(null, '', to);
      else window.history.pushState(null, '', to);
      window.dispatchEvent(new PopStateEvent('popstate'));
    },
    reportError(error, code) {
      console.error(`[customer-archive] ${code ?? 'error'}`, error);
    },
    domElement,
  };
}

async function start(): Promise<void> {
  await startMockWorker();
  if (!window.location.pathname.startsWith(BASE_PATH)) window.history.replaceState(null, '', BASE_PATH);
  const container = document.getElementById('app');
  if (!container) throw new Error('index.html has no #app element');
  await mount(harnessProps(container));
}

void start();
