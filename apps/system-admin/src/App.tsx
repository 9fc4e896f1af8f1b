import { Tabs } from 'antd';
import { PageNotFound, RequirePermission, useHistory, useLocation, useNavigate, useWorkbench } from '@wb/sdk/react';
import { AuditPage } from './pages/AuditPage.tsx';
import { DeadLetterPage } from './pages/DeadLetterPage.tsx';
import { ImportPage } from './pages/ImportPage.tsx';
import { OrgPage } from './pages/OrgPage.tsx';
import { ProcessPage } from './pages/ProcessPage.tsx';
import { RolesPage } from './pages/RolesPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { SECTIONS, matchSection } from './routes.ts';
import type { AdminSection } from './routes.ts';
import { IAM_PERMISSION, WF_PROCESS_MANAGE } from '@wb/contracts';

/** The permission that opens 系统管理 (manifest.json access and menus). */
export const MANAGE_PERMISSION = IAM_PERMISSION;
/** 流程定义 (deploy BPMN, holidays): the workflow service's permission. */
export const PROCESS_PERMISSION = WF_PROCESS_MANAGE;

function SectionPage({ section }: { section: AdminSection }) {
  switch (section) {
    case 'orgs':
      return <OrgPage />;
    case 'users':
      return <UsersPage />;
    case 'import':
      return <ImportPage />;
    case 'roles':
      return <RolesPage />;
    case 'audit':
      return <AuditPage />;
    case 'processes':
      return (
        <RequirePermission permission={PROCESS_PERMISSION} reason="您没有流程定义管理权限。">
          <ProcessPage />
        </RequirePermission>
      );
    case 'outbox':
      return (
        <RequirePermission permission={PROCESS_PERMISSION} reason="您没有流程管理权限，不能查看消息投递。">
          <DeadLetterPage />
        </RequirePermission>
      );
  }
}

function AdminRoutes() {
  const { basePath } = useWorkbench();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const history = useHistory();
  const section = matchSection(pathname, basePath);
  if (!section) return <PageNotFound app="系统管理" />;
  return (
    <>
      <Tabs
        activeKey={section}
        // Plain tab labels: a link inside a tab is a control inside a control (axe nested-interactive, serious), which
        // screen readers announce twice or not at all; the tab change navigates, by mouse and keyboard alike.
        items={SECTIONS.map((s) => ({ key: s.key, label: s.label }))}
        onChange={(key) => {
          if (matchSection(history.location.pathname, basePath) !== key) navigate(`${basePath}/${key}`);
        }}
      />
      <SectionPage section={section} />
    </>
  );
}

/** 系统管理 micro-app root. The shell only loads it for holders of the permission; this guards deep links too. */
export function App() {
  return (
    <RequirePermission permission={MANAGE_PERMISSION} reason="您没有系统管理权限，请联系平台管理员。">
      <AdminRoutes />
    </RequirePermission>
  );
}
