// Dev harness: runs 业扩报装 alone (`npm run dev -w apps/new-connection`) against msw mocks, mounted with the
// same lifecycles and props shape the shell passes. Never part of the production build (entry: src/main.ts).
import { connectionHandlers } from '@wb/mocks';
import { startMockWorker } from '@wb/mocks/browser';
import type { WorkbenchProps } from '@wb/sdk';
import { mount } from '../main.ts';

const BASE_PATH = '/app/new-connection';

function harnessProps(domElement: HTMLElement): WorkbenchProps {
  const post = { code: 'YK_ACCEPT', name: '业扩受理员', orgUnitCode: '334010101', orgUnitName: '江北城关供电所' };
  return {
    name: '@wb-app/new-connection',
    appId: 'new-connection',
    basePath: BASE_PATH,
    session: {
      id: 'dev-user',
      username: 'yk01',
      displayName: '开发调试（业扩受理员）',
      orgUnitCode: post.orgUnitCode,
      orgUnitName: post.orgUnitName,
      roles: ['YK_HANDLER', 'YK_ACCEPTOR', 'YK_SUPERVISOR'],
      posts: [post],
      activePost: post,
      permissions: ['yk:apply:view', 'yk:apply:accept', 'yk:apply:handle', 'yk:board:view'],
      mustChangePassword: false,
    },
    services: { connection: '/api/svc/connection/v1' },
    // Without single-spa nothing announces history changes: dispatch popstate as its patched history does.
    navigate(to, options) {
      if (options?.replace) window.history.replaceState(null, '', to);
      else window.history.pushState(null, '', to);
      window.dispatchEvent(new PopStateEvent('popstate'));
    },
    reportError(error, code) {
      console.error(`[new-connection] ${code ?? 'error'}`, error);
    },
    domElement,
  };
}

async function start(): Promise<void> {
  await startMockWorker(connectionHandlers({ delayMs: 300 }));
  if (!window.location.pathname.startsWith(BASE_PATH)) window.history.replaceState(null, '', BASE_PATH);
  const container = document.getElementById('app');
  if (!container) throw new Error('index.html has no #app element');
  await mount(harnessProps(container));
}

void start();
