// Dev harness: runs 系统管理 alone (`npm run dev -w apps/system-admin`) against msw mocks, mounted with
// the same lifecycles and the same props shape the shell passes. Never part of the production build
// (the build's entry is src/main.ts; this file is only reached from the dev server's harness page).
// Both services of the manifest are mocked: iam (组织机构, 用户, 批量导入, 角色, 审计) and workflow (流程定义,
// 节假日, 消息投递), each answering as its service does (services/src/{iam,workflow}/contract.test.ts).
import { IAM_PERMISSION, WF_PROCESS_MANAGE } from '@wb/contracts';
import { createWorkflowDataset, iamHandlers, workflowHandlers } from '@wb/mocks';
import { startMockWorker } from '@wb/mocks/browser';
import { createDevHarness } from '@wb/sdk/dev';
import * as entry from '../main.ts';

const DELAY_MS = 200;

void createDevHarness({
  appId: 'system-admin',
  lifecycles: entry,
  user: {
    id: 'u-admin',
    username: 'admin',
    displayName: '开发调试（平台管理员）',
    roles: ['PLATFORM_ADMIN'],
    permissions: [IAM_PERMISSION, WF_PROCESS_MANAGE],
    post: { code: 'MGR_VIEW', name: '管理人员', orgUnitCode: '33401', orgUnitName: '国网江州供电公司' },
  },
  services: { iam: '/api/svc/iam/v1', workflow: '/api/svc/workflow/v1' },
  // The workflow mock acts for the harness's user (deployments are recorded as theirs).
  startMocks: () => startMockWorker([...iamHandlers({ delayMs: DELAY_MS }), ...workflowHandlers({ data: createWorkflowDataset({ username: 'admin' }), delayMs: DELAY_MS })]),
}).start();
