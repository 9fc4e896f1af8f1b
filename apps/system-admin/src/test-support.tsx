// Rendering 系统管理 for its component tests (not shipped: imported by *.test.tsx only).
import { IAM_PERMISSION } from '@wb/contracts';
import { renderMicroApp } from '@wb/sdk/testing';
import { App } from './App.tsx';

/** The gateway paths of the app's services (manifest `services`). */
export const IAM_API = '/api/svc/iam/v1';
export const WF_API = '/api/svc/workflow/v1';

/** The app on the address bar at `url`, for a session holding `permissions` (by default the administrator's). */
export function renderAdmin(url: string, permissions: string[] = [IAM_PERMISSION]) {
  return renderMicroApp(<App />, {
    url,
    props: { appId: 'system-admin', services: { iam: IAM_API, workflow: WF_API }, session: { permissions } },
  });
}
