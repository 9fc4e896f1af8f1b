import { Alert, Button, Card, Flex, Result, Skeleton, Typography } from 'antd';
import { CONNECTION_NODES, type ApplicationDetail, type ConnectionNode } from '@wb/contracts/connection';
import { Authorized, QueryError, TaskHandledBy, TaskPageLayout, useAfterTaskStep, useNarrowScreen, useNavigate, useTaskContext, useWorkbench, type NextTaskStep } from '@wb/sdk/react';
import { useApplication } from '../api/connection.ts';
import { ApplicationActions } from '../components/ApplicationActions/ApplicationActions.tsx';
import { ApplicationInfo } from '../components/ApplicationInfo/ApplicationInfo.tsx';
import { AttachmentList } from '../components/Attachments/AttachmentList.tsx';
import { HistoryTimeline, StepData } from '../components/ApplicationInfo/StepHistory.tsx';
import { StepForm } from '../components/StepForm/StepForm.tsx';
import { YK_HANDLE } from '@wb/contracts';

/** 归档 done: the new 户号, with a link into 客户档案 (`/app/customer-archive?q=<户号>`). */
function ArchivedNotice({ consNo }: { consNo: string }) {
  // Into another app: the shell's navigation, not this instance's history.
  const { navigate } = useWorkbench();
  return (
    <Alert
      type="success"
      showIcon
      title={
        <span>
          已建档立户，户号 <Typography.Text strong copyable>{consNo}</Typography.Text>
        </span>
      }
      action={<Button size="small" onClick={() => navigate(`/app/customer-archive?q=${consNo}`)}>在客户档案中查看</Button>}
      style={{ marginBottom: 16 }}
    />
  );
}


/** The next step when the user who took this one handles it too (受理员: 答复 → 合同), else null. */
const nextStepOf = (detail: ApplicationDetail): NextTaskStep | null =>
  detail.status === 'IN_PROGRESS' && detail.openTask?.mayAct ? { path: `/applications/${detail.appNo}/${detail.openTask.nodeKey}`, taskId: detail.openTask.id } : null;

/**
 * One application: its data, the form of the open node (when the user handles it), actions, the recorded
 * step data and the process timeline. Opened from the list, or by the inbox at `/applications/<no>/<node>?task=<id>`.
 */
export function ApplicationPage({ appNo, node }: { appNo: string; node: ConnectionNode | null }) {
  const { basePath } = useWorkbench();
  const afterStep = useAfterTaskStep();
  const navigate = useNavigate();
  const { taskId } = useTaskContext();
  const narrow = useNarrowScreen();
  const query = useApplication(appNo);
  // isPending, not isLoading: a paused (offline) first fetch is still no answer, never "未找到".
  if (query.isPending) return <Skeleton active />;
  if (query.error) return <QueryError query={query} title="业扩申请加载失败" />;
  const app = query.data;
  if (!app) return <Result status="404" title="未找到该业扩申请" />;
  const open = (app.openTask?.nodeKey ?? app.nodeKey ?? undefined) as ConnectionNode | undefined;
  const stale = node !== null && open !== node;
  // The server's one assignment rule decides (Task.mayAct): the form only for whoever may submit it.
  const mayAct = app.openTask?.mayAct === true;

  // What the user may do now: a link opened after its step moved on, the step's form.
  const action = (
    <>
      {stale && (
        <Alert type="info" showIcon title={`该申请已不在「${CONNECTION_NODES[node]}」环节${open ? `，当前环节：${CONNECTION_NODES[open]}` : '（已办结）'}`} />
      )}
      {open && app.status === 'IN_PROGRESS' && mayAct && (
        <Card title={`办理：${CONNECTION_NODES[open]}`} extra={taskId && !narrow ? <Typography.Text type="secondary">待办任务 {taskId.slice(0, 8)}</Typography.Text> : null}>
          <StepForm key={`${open}-${app.version}`} app={app} node={open} onDone={taskId ? (detail) => afterStep(nextStepOf(detail), `「${CONNECTION_NODES[open]}」已提交`) : undefined} />
        </Card>
      )}
      {app.openTask && app.status === 'IN_PROGRESS' && !mayAct && <TaskHandledBy task={app.openTask} />}
    </>
  );
  const info = (
    <>
      <Card title={`业扩申请 ${app.appNo}`} extra={<Button onClick={() => navigate(`${basePath}/applications`)}>返回在途申请</Button>}>
        <ApplicationInfo app={app} />
      </Card>
      {app.consNo && <ArchivedNotice consNo={app.consNo} />}
    </>
  );

  return (
    <Flex vertical gap="middle">
      {/* A phone (勘查, 装表接电 on site): the step's form first, the application's data below it. */}
      <TaskPageLayout action={action} data={info} />
      <Authorized permission={YK_HANDLE}>
        <ApplicationActions app={app} mayAct={mayAct} />
      </Authorized>
      <AttachmentList appNo={app.appNo} />
      <Card title="环节记录">
        <StepData app={app} />
      </Card>
      <Card title="流程轨迹">
        <HistoryTimeline app={app} />
      </Card>
    </Flex>
  );
}
