import { useState, type ReactNode } from 'react';
import { Alert, Card, Descriptions, Flex, Result, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import {
  AREA_CLASSES,
  REVISIT_OUTCOMES,
  TICKET_NODES,
  TICKET_SOURCES,
  TICKET_URGENCIES,
  ticketNodeSchema,
  ticketStepOf,
  type TicketBranch,
  type TicketDetail,
  type UrgeRecord,
} from '@wb/contracts/ticket';
import { Link, QueryError, TaskHandledBy, TaskPageLayout, formatTime, useAfterTaskStep, useNarrowScreen, useNavigate, useTaskContext, useWorkbench, type NextTaskStep } from '@wb/sdk/react';
import { useTicket } from '../api/tickets.ts';
import { PrecheckPanel } from '../components/PrecheckPanel.tsx';
import { useRevealedContacts } from '../components/RevealContacts.tsx';
import { SlaCountdown } from '../components/SlaCountdown.tsx';
import { StepForm } from '../components/StepForm.tsx';
import { UrgeActions } from '../components/UrgeActions.tsx';
import { detailRoute } from '../routes.ts';

const TIMELINE_COLORS: Record<string, string> = { JOIN: 'green', REJECT: 'red', RETURN_DISPATCH: 'red', URGE: 'orange', SUPERVISE: 'red', REVEAL: 'gray', ARCHIVE: 'green', CLOSE: 'green' };

function TicketInfo({ ticket, receivedAt }: { ticket: TicketDetail; receivedAt: number }) {
  const contacts = useRevealedContacts(ticket);
  const items = [
    { key: 'type', label: '业务类型', children: ticket.subTypeName ? `${ticket.typeName} / ${ticket.subTypeName}` : ticket.typeName },
    { key: 'status', label: '状态', children: <Tag color={ticket.status === 'ARCHIVED' || ticket.status === 'CLOSED' ? 'default' : 'processing'}>{ticket.statusName}</Tag> },
    { key: 'node', label: '当前环节', children: ticket.nodeName ?? '—' },
    { key: 'source', label: '工单来源', children: TICKET_SOURCES[ticket.source] },
    { key: 'urgency', label: '紧急程度', children: TICKET_URGENCIES[ticket.urgency] },
    { key: 'priority', label: '优先级', children: `${ticket.priority}${ticket.supervised ? '（已督办）' : ''}` },
    { key: 'customer', label: '客户', children: ticket.consNo ? `${ticket.consName ?? ''}（${ticket.consNo}）` : '未确认客户' },
    { key: 'contactName', label: '联系人', children: ticket.contactName },
    ...contacts.items,
    { key: 'address', label: '地址', children: ticket.address, span: 'filled' as const },
    { key: 'unit', label: '处理单位', children: `${ticket.orgUnitName}（${AREA_CLASSES[ticket.areaClass]}）` },
    { key: 'tg', label: '台区', children: ticket.tgName ? `${ticket.tgName}（${ticket.tgId ?? ''}）` : '—' },
    { key: 'accepted', label: '受理', children: `${formatTime(ticket.acceptedAt)} ${ticket.acceptedByName}` },
    { key: 'dispatched', label: '派单时间', children: formatTime(ticket.dispatchedAt) },
    ...(ticket.type === 'REPAIR'
      ? [
          { key: 'arrived', label: '到达现场', children: formatTime(ticket.arrivedAt) },
          { key: 'restored', label: '恢复供电', children: formatTime(ticket.restoredAt) },
          { key: 'cause', label: '故障原因', children: ticket.cause ?? '—' },
        ]
      : []),
    { key: 'replied', label: '回单时间', children: formatTime(ticket.repliedAt) },
    { key: 'result', label: '处理结果', children: ticket.result ?? '—', span: 'filled' as const },
    ...(ticket.knowledgeTitle ? [{ key: 'knowledge', label: '答复所用知识', children: ticket.knowledgeTitle }] : []),
    ...(ticket.revisitAttempts > 0 || ticket.revisitOutcome
      ? [{ key: 'revisit', label: '回访', children: `${ticket.revisitOutcome ? REVISIT_OUTCOMES[ticket.revisitOutcome] : '进行中'}（已回访 ${ticket.revisitAttempts} 次）` }]
      : []),
    { key: 'sla', label: '时限', children: <SlaCountdown sla={ticket.sla} receivedAt={receivedAt} />, span: 'filled' as const },
    { key: 'content', label: '受理内容', children: ticket.content, span: 'filled' as const },
  ];
  return (
    <Flex vertical gap={8}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={items} />
      {contacts.control}
    </Flex>
  );
}

const urgeKind = (kind: UrgeRecord['kind']) => (kind === 'URGE' ? <Tag color="orange">催办</Tag> : <Tag color="red">督办</Tag>);

function UrgeRecords({ urges }: { urges: UrgeRecord[] }) {
  const narrow = useNarrowScreen();
  return (
    <Table<UrgeRecord>
      size="small"
      rowKey={(r) => `${r.at}-${r.kind}`}
      pagination={false}
      scroll={narrow ? undefined : { x: 'max-content' }}
      dataSource={urges}
      locale={{ emptyText: '暂无催办、督办记录' }}
      columns={
        narrow
          ? // A phone: one column (kind, who and when; the reason below), nothing wider than the screen.
            [
              {
                title: '催办、督办',
                key: 'record',
                render: (_: unknown, r) => (
                  <Space size={0} orientation="vertical">
                    <span>
                      {urgeKind(r.kind)}
                      {r.byName} · {formatTime(r.at)}
                    </span>
                    <Typography.Text type="secondary">{r.reason}</Typography.Text>
                  </Space>
                ),
              },
            ]
          : [
              { title: '时间', dataIndex: 'at', width: 150, render: (at: string) => formatTime(at) },
              { title: '类别', dataIndex: 'kind', width: 80, render: urgeKind },
              { title: '原因', dataIndex: 'reason' },
              { title: '办理人', dataIndex: 'byName', width: 100 },
            ]
      }
    />
  );
}

const BRANCH_COLORS: Record<TicketBranch['status'], string> = { ACCEPT: 'default', HANDLING: 'processing', REVIEW: 'warning', DONE: 'success' };

/** 联合办理: each unit's branch with its own status, clock and reply (a 供电所 sees its own only). */
function Branches({ branches, receivedAt }: { branches: TicketBranch[]; receivedAt: number }) {
  const narrow = useNarrowScreen();
  const unitOf = (b: TicketBranch) => `${b.orgUnitName}${b.branch === 1 ? '（主办）' : '（协办）'}`;
  const statusOf = (b: TicketBranch) => <Tag color={BRANCH_COLORS[b.status]}>{b.statusName}</Tag>;
  const nodeOf = (b: TicketBranch) => (b.openTask ? TICKET_NODES[ticketStepOf(b.openTask.nodeKey).node as keyof typeof TICKET_NODES] ?? b.openTask.nodeName : '—');
  return (
    <Table<TicketBranch>
      size="small"
      rowKey="branch"
      pagination={false}
      scroll={narrow ? undefined : { x: 'max-content' }}
      dataSource={branches}
      columns={
        narrow
          ? // A phone: the unit with its status and step, its clock and result below.
            [
              {
                title: '办理单位',
                key: 'branch',
                render: (_: unknown, b) => (
                  <Space size={0} orientation="vertical">
                    <span>{unitOf(b)}</span>
                    <span>
                      {statusOf(b)}
                      {nodeOf(b)}
                    </span>
                    <SlaCountdown sla={b.sla} receivedAt={receivedAt} />
                    {b.result && <Typography.Text type="secondary">{b.result}</Typography.Text>}
                  </Space>
                ),
              },
            ]
          : [
              { title: '办理单位', key: 'unit', render: (_: unknown, b) => unitOf(b) },
              { title: '状态', dataIndex: 'status', width: 100, render: (_: unknown, b) => statusOf(b) },
              { title: '当前环节', width: 110, render: (_: unknown, b) => nodeOf(b) },
              { title: '时限', width: 200, render: (_: unknown, b) => <SlaCountdown sla={b.sla} receivedAt={receivedAt} /> },
              { title: '接单', dataIndex: 'takenAt', width: 150, render: (at: string | null) => formatTime(at) },
              { title: '回单', dataIndex: 'repliedAt', width: 150, render: (at: string | null) => formatTime(at) },
              { title: '退单', dataIndex: 'rejects', width: 60 },
              { title: '处理结果', dataIndex: 'result', render: (r: string | null) => r ?? '—' },
            ]
      }
    />
  );
}

/** The ticket's next step when the user who took this one may take it too, else null. */
const nextStepOf = (ticket: TicketDetail): NextTaskStep | null =>
  ticket.openTask?.mayAct ? { path: `${detailRoute(ticket.no)}/${ticket.openTask.nodeKey}`, taskId: ticket.openTask.id } : null;

/**
 * One ticket: its data (phones masked, 查看 audited), the form of the open node for whoever may act on it, 催办 and
 * 督办, the 催办 records and the timeline. Opened from the lists, or by the inbox at `/tickets/<no>/<node>?task=<id>`.
 */
export function TicketPage({ no, node }: { no: string; node: string | null }) {
  const { taskId } = useTaskContext();
  const afterStep = useAfterTaskStep();
  const navigate = useNavigate();
  const { basePath } = useWorkbench();
  const narrow = useNarrowScreen();
  const query = useTicket(no);
  const [refused, setRefused] = useState<string | null>(null);
  if (query.isLoading) return <Skeleton active />;
  if (query.error) return <QueryError query={query} title="工单加载失败" />;
  const ticket = query.data;
  if (!ticket) return <Result status="404" title="未找到该工单" />;
  // A 联合办理 branch's task (`accept-2`) is its step (接单) in that unit's branch.
  const step = ticket.openTask ? ticketStepOf(ticket.openTask.nodeKey) : { node: ticket.nodeKey ?? '', branch: null };
  const open = ticketNodeSchema.safeParse(step.node);
  const openNode = open.success ? open.data : null;
  const branchUnit = step.branch !== null ? ticket.branches?.find((b) => b.branch === step.branch)?.orgUnitName : undefined;
  const stale = node !== null && openNode !== node;
  // The server's one assignment rule decides (Task.mayAct): the form only for whoever may submit it.
  const mayAct = ticket.openTask?.mayAct === true;

  // What the user may do now: the refusal of a last submit, a link opened after its step moved on, the step's form.
  const action = (
    <>
      {refused && (
        <Alert
          type="error"
          showIcon
          title={refused}
          description="已重新加载工单，请核对当前环节后再提交。"
          closable={{ onClose: () => setRefused(null) }}
        />
      )}
      {stale && (
        <Alert
          type="info"
          showIcon
          title={`该工单已不在「${TICKET_NODES[node as keyof typeof TICKET_NODES] ?? node}」环节${openNode ? `，当前环节：${TICKET_NODES[openNode]}` : '（已结束）'}`}
        />
      )}
      {openNode && mayAct && (
        <Card title={`办理：${TICKET_NODES[openNode]}${branchUnit ? `（${branchUnit}）` : ''}`} extra={taskId && !narrow ? <Typography.Text type="secondary">待办任务 {taskId.slice(0, 8)}</Typography.Text> : null}>
          {openNode === 'dispatch' && ticket.type === 'REPAIR' && ticket.consNo && (
            <div style={{ marginBottom: 16 }}>
              <PrecheckPanel consNo={ticket.consNo} />
            </div>
          )}
          <StepForm
            key={`${openNode}-${step.branch ?? 0}-${ticket.version}`}
            ticket={ticket}
            node={openNode}
            branch={step.branch}
            onRefused={setRefused}
            // The inbox's task is done: its next step when the same crew takes it (接单 → 到达 → 回单), else 待办. A
            // list's link to the step (no task) gives way to the ticket's page, which shows whatever step is open now.
            onDone={taskId ? (detail) => afterStep(nextStepOf(detail), `「${TICKET_NODES[openNode]}」已提交`) : node !== null ? () => navigate(`${basePath}${detailRoute(ticket.no)}`, { replace: true }) : undefined}
          />
        </Card>
      )}
      {ticket.openTask && !mayAct && <TaskHandledBy task={ticket.openTask} />}
    </>
  );
  const info = (
    <>
      <Card
        title={`工单 ${ticket.no}`}
        extra={
          <Flex gap={8} align="center" wrap>
            <UrgeActions ticket={ticket} />
            <Link to="/mine">返回我的工单</Link>
          </Flex>
        }
      >
        <TicketInfo ticket={ticket} receivedAt={query.dataUpdatedAt} />
      </Card>
      {ticket.branches && ticket.branches.length > 0 && (
        <Card title="联合办理">
          <Branches branches={ticket.branches} receivedAt={query.dataUpdatedAt} />
        </Card>
      )}
    </>
  );

  // A timeline's entry: its time beside the text, or on a phone above it (beside it, the text had half the width).
  const timed = (at: string, text: ReactNode) =>
    narrow
      ? {
          content: (
            <Flex vertical>
              <Typography.Text type="secondary">{formatTime(at)}</Typography.Text>
              {text}
            </Flex>
          ),
        }
      : { title: formatTime(at), content: text };

  return (
    <Flex vertical gap={16}>
      {/* A phone (the field crew's 接单, 到达, 回单 on site): the step's form first, the ticket's data below it. */}
      <TaskPageLayout action={action} data={info} />
      <Card title={`催办与督办（催办 ${ticket.urgeCount} 次）`}>
        <UrgeRecords urges={ticket.urges} />
      </Card>
      <Card title="工单轨迹">
        <Timeline
          items={ticket.timeline.map((e, i) => ({
            key: `${e.at}-${i}`,
            color: TIMELINE_COLORS[e.kind] ?? 'blue',
            ...timed(
              e.at,
              <span>
                {e.actorName} {e.title}
                {e.text ? `：${e.text}` : ''}
              </span>,
            ),
          }))}
        />
      </Card>
      {ticket.history.length > 0 && (
        <Card title="流程记录">
          <Timeline
            items={ticket.history.map((h) => ({
              key: h.id,
              color: h.action === 'RETURN' ? 'red' : 'blue',
              ...timed(
                h.at,
                <span>
                  {h.actorName} {h.fromNodeName ? `「${h.fromNodeName}」` : ''}
                  {h.outcome ? `（${h.outcome}）` : ''}
                  {h.opinion ? `：${h.opinion}` : ''}
                </span>,
              ),
            }))}
          />
        </Card>
      )}
    </Flex>
  );
}
