// Dev harness: runs __APP_NAME__ alone on its Vite dev server (`npm run dev`) against the msw mocks, mounted with
// the same lifecycles and props shape the shell passes. Never part of the production build (entry: src/main.tsx).
import { setupWorker } from 'msw/browser';
import { createDevHarness } from '@wb/sdk/dev';
import { CUSTOMER_BASE, handlers } from '../mocks/handlers.ts';
import * as entry from '../main.tsx';

void createDevHarness({
  appId: '__APP_ID__',
  lifecycles: entry,
  user: {
    username: 'kf01',
    displayName: '开发调试（客服代表）',
    roles: ['KF_AGENT'],
    permissions: ['store:market:use', 'cust:archive:view'],
    post: { code: 'KF_AGENT', name: '客服代表', orgUnitCode: '3340180', orgUnitName: '江州客户服务中心' },
  },
  services: { customer: CUSTOMER_BASE },
  startMocks: () => setupWorker(...handlers).start({ onUnhandledRequest: 'bypass' }),
}).start();
