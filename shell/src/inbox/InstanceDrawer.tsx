import { Alert, App, Button, Descriptions, Divider, Drawer, Empty, Form, Input, Popconfirm, Radio, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useState, type ReactElement } from 'react';
import type { HistoryEntry, InstanceDetail, InstanceStatus, Task } from '@wb/contracts/workflow';
import { ActionDialog, type ActionKind } from './ActionDialog.tsx';
import { BpmnDiagram } from './BpmnDiagram.tsx';
import { errorText, useInstanceDetail, useTaskDetail, useWorkflowAction } from './inbox-api.ts';
import { SLA_TAGS, formatTime } from '@wb/sdk/react';

const STATUS: Readonly<Record<InstanceStatus, { color: string; label: string }>> = {
  RUNNING: { color: 'processing', label: '运行中' },
  SUSPENDED: { color: 'default', label: '已挂起' },
  COMPLETED: { color: 'success', label: '已办结' },
  TERMINATED: { color: 'error', label: '已终止' },
};

export const HISTORY_ACTIONS: Readonly<Record<HistoryEntry['action'], string>> = {
  START: '发起', CLAIM: '签收', UNCLAIM: '取消签收', COMPLETE: '办理', TRANSFER: '转办', RETURN: '退回', WITHDRAW: '撤回',
  SUSPEND: '挂起', RESUME: '恢复', TERMINATE: '终止', COPY: '抄送', REMIND: '催办', ESCALATE: '升级', SERVICE: '系统处理', TIMER: '定时触发', END: '结束',
};

const isOpen = (task: Task | undefined): task is Task => !!task && (task.state === 'OPEN' || task.state === 'CLAIMED');

/** A value as the process's labels say it: coded values by their label (`ID_CARD` → 居民身份证), booleans 是/否. */
function showValue(detail: InstanceDetail, key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'object') return '—';
  return detail.valueLabels[key]?.[String(value)] ?? String(value);
}

/** Business data with labels only: keys the process does not label are internal and not shown (issue 10). */
function labelledVariables(detail: InstanceDetail): Array<[string, string, unknown]> {
  return Object.entries(detail.variables).flatMap(([key, value]) => {
    const label = detail.fieldLabels[key];
    return label && typeof value !== 'object' ? [[key, label, value] as [string, string, unknown]] : [];
  });
}

/** Why the drawer shows no form for an open task: bound to its domain's app, or someone else handles it. */
function taskNotice(task: Task): string | null {
  if (task.switchPost) return `该待办属于您的另一岗位「${task.switchPost.name}（${task.switchPost.orgUnitName}）」，请先在页眉切换岗位`;
  if (!task.mayAct) return `「${task.nodeName}」环节由 ${task.assigneeName ? `${task.assigneeName}（已签收）` : task.candidates} 办理`;
  if (task.bound) return `「${task.nodeName}」环节在${task.bound.title}中办理`;
  return null;
}

/** The nodes a return may go to: nodes completed earlier in this instance (from the history). */
function earlierNodes(detail: InstanceDetail): Array<{ key: string; name: string }> {
  const seen = new Map<string, string>();
  for (const entry of detail.history) {
    if (entry.action === 'COMPLETE' && entry.fromNode) seen.set(entry.fromNode, entry.fromNodeName ?? entry.fromNode);
  }
  return [...seen].map(([key, name]) => ({ key, name }));
}

/** The generic form for tasks of processes no app serves: outcome (when the node has several) and opinion. */
function CompleteForm({ task, onDone }: { task: Task; onDone(): void }): ReactElement {
  const [form] = Form.useForm<{ outcome?: string; opinion?: string }>();
  const action = useWorkflowAction();
  const [outcomeError, setOutcomeError] = useState<string | undefined>();
  async function submit(values: { outcome?: string; opinion?: string }): Promise<void> {
    if (task.outcomes.length > 0 && !values.outcome) {
      setOutcomeError('请选择办理结果');
      return;
    }
    setOutcomeError(undefined);
    try {
      const body = { ...(values.outcome ? { outcome: values.outcome } : {}), opinion: values.opinion?.trim() ?? '' };
      await action.mutateAsync({ path: `/tasks/${encodeURIComponent(task.id)}/complete`, body, ifMatch: task.version });
      onDone();
    } catch {
      // Shown from action.error.
    }
  }
  return (
    <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} data-testid="wb-complete-form">
      {task.outcomes.length > 0 ? (
        <Form.Item name="outcome" label="办理结果" validateStatus={outcomeError ? 'error' : undefined} help={outcomeError}>
          <Radio.Group options={task.outcomes.map((o) => ({ value: o.key, label: o.label }))} />
        </Form.Item>
      ) : null}
      <Form.Item name="opinion" label="处理意见">
        <Input.TextArea rows={3} maxLength={1000} placeholder="请填写处理意见" />
      </Form.Item>
      {action.error ? <Alert type="error" showIcon title={errorText(action.error)} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" loading={action.isPending}>
        提交
      </Button>
    </Form>
  );
}

export interface InstanceDrawerProps {
  instanceId: string;
  /** The user's open task of this instance (a 待办 row), for 办理/退回/转办. */
  taskId: string | null;
  /** Whether the task's node is served by an app (then 办理 opens it there instead of the generic form). */
  openInApp: (() => void) | null;
  canManage: boolean;
  onClose(): void;
}

/** Instance detail: header, the task form or link, actions per state, variables, timeline and diagram. */
export function InstanceDrawer({ instanceId, taskId, openInApp, canManage, onClose }: InstanceDrawerProps): ReactElement {
  const { message } = App.useApp();
  const instance = useInstanceDetail(instanceId);
  const task = useTaskDetail(taskId);
  const withdraw = useWorkflowAction();
  const [dialog, setDialog] = useState<ActionKind | null>(null);
  const detail = instance.data;
  const openTask = isOpen(task.data) ? task.data : undefined;
  // The generic form and 退回/转办 only for a task the user may act on and no domain binds (ADR 0021).
  const actable = !!openTask && openTask.mayAct && !openTask.bound;
  const notice = openTask ? taskNotice(openTask) : null;
  const variables = detail ? labelledVariables(detail) : [];
  const running = detail?.status === 'RUNNING';
  const live = running || detail?.status === 'SUSPENDED';

  async function doWithdraw(): Promise<void> {
    try {
      await withdraw.mutateAsync({ path: `/instances/${encodeURIComponent(instanceId)}/withdraw` });
      void message.success('撤回成功');
    } catch (error) {
      void message.error(errorText(error));
    }
  }

  return (
    <Drawer open size={720} title={detail ? `${detail.processName} · ${detail.businessTitle}` : '流程详情'} onClose={onClose} destroyOnHidden>
      {instance.isPending ? <Spin /> : null}
      {instance.error ? <Alert type="error" showIcon title={errorText(instance.error, '流程详情加载失败')} /> : null}
      {detail ? (
        <div data-testid="wb-instance-drawer">
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
            <Descriptions.Item label="业务编号">{detail.businessKey}</Descriptions.Item>
            <Descriptions.Item label="流程">{`${detail.processName}（V${detail.processVersion}）`}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS[detail.status].color}>{STATUS[detail.status].label}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="时限">
              <Tag color={SLA_TAGS[detail.slaState].color}>{SLA_TAGS[detail.slaState].label}</Tag>
              {formatTime(detail.dueAt)}
            </Descriptions.Item>
            <Descriptions.Item label="单位">{detail.orgUnitName}</Descriptions.Item>
            <Descriptions.Item label="发起人">{detail.initiatorName}</Descriptions.Item>
            <Descriptions.Item label="发起时间">{formatTime(detail.startedAt)}</Descriptions.Item>
            <Descriptions.Item label="当前环节">{[...new Set(detail.openTasks.map((t) => t.nodeName))].join('、') || '—'}</Descriptions.Item>
            {detail.suspendedReason ? <Descriptions.Item label="挂起原因" span="filled">{detail.suspendedReason}</Descriptions.Item> : null}
          </Descriptions>

          {openTask ? (
            <>
              <Divider titlePlacement="start">办理：{openTask.nodeName}</Divider>
              {openInApp && openTask.mayAct ? (
                <Button type="primary" onClick={openInApp}>
                  进入应用办理
                </Button>
              ) : actable ? (
                <CompleteForm task={openTask} onDone={() => { void message.success('办理成功'); onClose(); }} />
              ) : null}
              {notice && !(openInApp && openTask.mayAct) ? <Alert type="info" showIcon title={notice} data-testid="wb-task-notice" /> : null}
            </>
          ) : null}

          <Divider />
          <Space wrap data-testid="wb-instance-actions">
            {actable ? <Button onClick={() => setDialog('return')}>退回</Button> : null}
            {actable ? <Button onClick={() => setDialog('transfer')}>转办</Button> : null}
            {running ? (
              <Popconfirm title="确定撤回您最近一次的办理吗？" okText="撤回" cancelText="取消" onConfirm={() => void doWithdraw()}>
                <Button loading={withdraw.isPending}>撤回</Button>
              </Popconfirm>
            ) : null}
            {running ? <Button onClick={() => setDialog('suspend')}>挂起</Button> : null}
            {detail.status === 'SUSPENDED' ? <Button onClick={() => setDialog('resume')}>恢复</Button> : null}
            {live ? <Button onClick={() => setDialog('copy')}>抄送</Button> : null}
            {live && canManage ? <Button danger onClick={() => setDialog('terminate')}>终止</Button> : null}
          </Space>

          <Divider titlePlacement="start">流程图</Divider>
          <BpmnDiagram key={detail.id} instanceId={detail.id} doneNodes={detail.doneNodes} currentNodes={detail.currentNodes} />

          <Divider titlePlacement="start">业务数据</Divider>
          {variables.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无业务数据" />
          ) : (
            <Descriptions size="small" column={2}>
              {variables.map(([key, label, value]) => (
                <Descriptions.Item key={key} label={label}>{showValue(detail, key, value)}</Descriptions.Item>
              ))}
            </Descriptions>
          )}

          <Divider titlePlacement="start">流转记录</Divider>
          <Timeline
            data-testid="wb-instance-timeline"
            items={detail.history.map((entry) => ({
              key: entry.id,
              content: (
                <div>
                  <Typography.Text strong>{HISTORY_ACTIONS[entry.action]}</Typography.Text>
                  {entry.fromNodeName ? <Typography.Text> · {entry.fromNodeName}</Typography.Text> : null}
                  {entry.outcome ? <Tag style={{ marginInlineStart: 8 }}>{detail.valueLabels.outcome?.[entry.outcome] ?? '已办理'}</Tag> : null}
                  <div>
                    <Typography.Text type="secondary">
                      {entry.actorName} · {formatTime(entry.at)}
                    </Typography.Text>
                  </div>
                  {entry.opinion ? <div>{entry.opinion}</div> : null}
                </div>
              ),
            }))}
          />
          {dialog ? (
            <ActionDialog
              kind={dialog}
              taskId={openTask?.id ?? null}
              instanceId={detail.id}
              returnNodes={earlierNodes(detail)}
              onClose={() => setDialog(null)}
              onDone={(text) => {
                setDialog(null);
                void message.success(text);
              }}
            />
          ) : null}
        </div>
      ) : null}
    </Drawer>
  );
}
