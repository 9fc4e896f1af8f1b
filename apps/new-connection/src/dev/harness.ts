// Dev harness: runs 业扩报装 alone (`npm run dev -w apps/new-connection`) against msw mocks, mounted with the
// same lifecycles and props shape the shell passes. Never part of the production build (entry: src/main.ts).
import { YK_ACCEPT, YK_BOARD, YK_HANDLE, YK_VIEW } from '@wb/contracts';
import { connectionHandlers } from '@wb/mocks';
import { startMockWorker } from '@wb/mocks/browser';
import { createDevHarness } from '@wb/sdk/dev';
import * as entry from '../main.ts';

void createDevHarness({
  appId: 'new-connection',
  lifecycles: entry,
  user: {
    id: 'dev-user',
    username: 'yk01',
    displayName: '开发调试（业扩受理员）',
    roles: ['YK_HANDLER', 'YK_ACCEPTOR', 'YK_SUPERVISOR'],
    permissions: [YK_VIEW, YK_ACCEPT, YK_HANDLE, YK_BOARD],
    post: { code: 'YK_ACCEPT', name: '业扩受理员', orgUnitCode: '334010101', orgUnitName: '江北城关供电所' },
  },
  services: { connection: '/api/svc/connection/v1' },
  startMocks: () => startMockWorker(connectionHandlers({ delayMs: 300 })),
}).start();
