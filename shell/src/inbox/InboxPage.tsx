import { QueryClientProvider } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Grid, Input, Pagination, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { INBOX_COUNT_CAP } from '@wb/contracts/workflow';
import type { InboxBox, InboxItem, SlaState } from '@wb/contracts/workflow';
import { createAccess, workflowQueryKeys } from '@wb/sdk';
import { SLA_TAGS, formatTime } from '@wb/sdk/react';
import { useFeed, useShellEnv, useShellState } from '../layout/shell-context.ts';
import { errorText, useInboxPage, useTaskDetail, useWorkflowAction } from './inbox-api.ts';
import { inboxUrl, parseInboxSearch, type InboxFilters } from './inbox-url.ts';
import { InstanceDrawer } from './InstanceDrawer.tsx';
import { resolveTaskRoute, type TaskTarget } from './task-route.ts';
import { shellQueryClient } from './shell-queries.ts';
import { PROCESS_MANAGE_PERMISSION } from './workflow-client.ts';

const BOXES: ReadonlyArray<{ key: InboxBox; label: string }> = [
  { key: 'todo', label: '待办' },
  { key: 'done', label: '已办' },
  { key: 'started', label: '我发起' },
  { key: 'cc', label: '抄送' },
];

const TASK_STATES: Readonly<Record<string, string>> = {
  OPEN: '待签收', CLAIMED: '已签收', COMPLETED: '已办理', CANCELLED: '已取消',
  RUNNING: '运行中', SUSPENDED: '已挂起', TERMINATED: '已终止',
};

/**
 * A count as the tabs and the pager show it: one the service stopped at its cap (已办, 我发起 and 抄送 count at most
 * 1,000 rows, ADR 0091) reads `999+`, as antd's Badge shows an overflowing count.
 */
export function countText(count: number, capped: boolean): string {
  return capped ? `${INBOX_COUNT_CAP}+` : String(count);
}

/**
 * A box's tab: with its count when the answer carries one. 已办, 我发起 and 抄送 are counted only in their own
 * answer (ADR 0108), so their tabs show a count while open.
 */
function tabLabel(label: string, count: number | null, capped: boolean): string {
  return count === null ? label : `${label}（${countText(count, capped)}）`;
}

interface DrawerTarget {
  instanceId: string;
  taskId: string | null;
}

function SlaTag({ state }: { state: SlaState }): ReactElement {
  const tag = SLA_TAGS[state];
  return (
    <Tag color={tag.color} data-testid="wb-sla-tag" data-sla={state}>
      {tag.label}
    </Tag>
  );
}

/** Opens a `?task=<id>` deep link (a notification's link): in its app when one serves it, else in the drawer. */
function useTaskDeepLink(taskId: string | null, open: (target: TaskTarget, replace?: boolean) => void): void {
  const task = useTaskDetail(taskId);
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (!task.data || handled.current === task.data.id) return;
    handled.current = task.data.id;
    // Replace: back from the app must not land on the link again (and bounce forward).
    open({ taskId: task.data.id, instanceId: task.data.instanceId, processKey: task.data.processKey, nodeKey: task.data.nodeKey, businessKey: task.data.businessKey }, true);
  }, [task.data, open]);
}

/** What a row offers: 签收 (an open task of the 待办 box), 办理, 详情. */
interface RowActions {
  claim?: (() => void) | undefined;
  claiming: boolean;
  handle?: (() => void) | undefined;
  details: () => void;
}

/**
 * The inbox on a phone (issue 17): one card per item, full-width buttons a thumb can hit (44 px), instead of a
 * table nine columns wide.
 */
function InboxCards({ items, actionsOf, loading }: { items: readonly InboxItem[]; actionsOf: (item: InboxItem) => RowActions; loading: boolean }): ReactElement {
  if (items.length === 0) return <Card loading={loading}>{loading ? null : <Typography.Text type="secondary">暂无数据</Typography.Text>}</Card>;
  return (
    <Flex vertical gap={12} data-testid="wb-inbox-cards">
      {items.map((item) => {
        const actions = actionsOf(item);
        return (
          <Card key={item.taskId ?? item.instanceId} size="small" data-testid="wb-inbox-card" title={item.businessTitle || item.businessKey}>
            <Flex vertical gap={4}>
              <Typography.Text type="secondary">
                {item.businessKey} · {item.processName}
              </Typography.Text>
              <Typography.Text>
                {item.nodeName || '—'} · {TASK_STATES[item.state] ?? item.state}
              </Typography.Text>
              <Typography.Text type="secondary">{item.orgUnitName}</Typography.Text>
              <Space size={4}>
                <SlaTag state={item.slaState} />
                <Typography.Text type="secondary">{formatTime(item.dueAt)}</Typography.Text>
              </Space>
              <Flex gap={8} style={{ marginTop: 8 }}>
                {actions.claim ? (
                  <Button size="large" style={{ flex: 1 }} onClick={actions.claim} loading={actions.claiming}>
                    签收
                  </Button>
                ) : null}
                {actions.handle ? (
                  <Button size="large" type="primary" style={{ flex: 1 }} onClick={actions.handle}>
                    办理
                  </Button>
                ) : null}
                <Button size="large" style={{ flex: 1 }} onClick={actions.details}>
                  详情
                </Button>
              </Flex>
            </Flex>
          </Card>
        );
      })}
    </Flex>
  );
}

function InboxContent(): ReactElement {
  const { message } = App.useApp();
  const { navigate } = useShellEnv();
  const feed = useFeed();
  const search = useShellState((state) => state.location.search);
  const filters = useMemo(() => parseInboxSearch(search), [search]);
  const deepLinkTask = useMemo(() => new URLSearchParams(search).get('task'), [search]);
  const page = useInboxPage(filters);
  const claim = useWorkflowAction();
  const [drawer, setDrawer] = useState<DrawerTarget | null>(null);
  const [text, setText] = useState(filters.q ?? '');
  const [orgUnit, setOrgUnit] = useState(filters.orgUnitCode ?? '');
  const canManage = useMemo(() => (feed.user ? createAccess(feed.user).can(PROCESS_MANAGE_PERMISSION) : false), [feed.user]);
  // The processes to filter by: those of the listed rows (with their names) and those the user's apps serve.
  const processes = useMemo(() => {
    const names = new Map<string, string>();
    for (const item of page.data?.items ?? []) names.set(item.processKey, item.processName);
    for (const app of feed.apps) for (const w of app.workflows) if (!names.has(w.processKey)) names.set(w.processKey, w.processKey);
    if (filters.processKey && !names.has(filters.processKey)) names.set(filters.processKey, filters.processKey);
    return [...names].map(([value, label]) => ({ value, label }));
  }, [page.data, feed.apps, filters.processKey]);

  const change = (next: Partial<InboxFilters>, replace = true): void => {
    navigate(inboxUrl({ ...filters, page: 1, ...next }), { replace });
  };

  const open = useMemo(
    () =>
      (target: TaskTarget, replace = false): void => {
        const resolved = resolveTaskRoute(feed.apps, target);
        if (resolved) navigate(resolved.path, { replace });
        else setDrawer({ instanceId: target.instanceId, taskId: target.taskId });
      },
    [feed.apps, navigate],
  );
  useTaskDeepLink(deepLinkTask, open);

  async function doClaim(item: InboxItem): Promise<void> {
    try {
      await claim.mutateAsync({ path: `/tasks/${encodeURIComponent(item.taskId ?? '')}/claim` });
      void message.success('签收成功');
    } catch (error) {
      void message.error(errorText(error, '签收失败，请稍后重试'));
    }
  }

  const actionsOf = (item: InboxItem): RowActions => {
    const todo = filters.box === 'todo' && item.taskId;
    return {
      claim: todo && item.state === 'OPEN' ? () => void doClaim(item) : undefined,
      claiming: claim.isPending && (claim.variables?.path.includes(item.taskId ?? '') ?? false),
      handle: todo ? () => open(item) : undefined,
      details: () => setDrawer({ instanceId: item.instanceId, taskId: todo ? item.taskId : null }),
    };
  };
  // A phone (the /m/ channel, or any screen narrower than antd's md, 768 px) gets cards.
  const screens = Grid.useBreakpoint();
  const cards = feed.channel === 'mobile' || screens.md === false;

  // Widths for a 1440 px screen: what is left goes to 业务标题 (the customer and the kind of business).
  const columns: TableColumnsType<InboxItem> = [
    { title: '业务编号', dataIndex: 'businessKey', width: 170 },
    { title: '业务标题', dataIndex: 'businessTitle', ellipsis: true },
    { title: '流程', dataIndex: 'processName', width: 130 },
    { title: '环节', dataIndex: 'nodeName', width: 110, render: (name: string) => name || '—' },
    { title: '单位', dataIndex: 'orgUnitName', width: 120 },
    { title: '状态', dataIndex: 'state', width: 80, render: (state: string) => TASK_STATES[state] ?? state },
    {
      title: '时限',
      key: 'sla',
      width: 190,
      render: (_: unknown, item) => (
        <Space size={4}>
          <SlaTag state={item.slaState} />
          <Typography.Text type="secondary">{formatTime(item.dueAt)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_: unknown, item) => {
        const actions = actionsOf(item);
        return (
          <Space size={0}>
            {actions.claim ? (
              <Button type="link" size="small" onClick={actions.claim} loading={actions.claiming}>
                签收
              </Button>
            ) : null}
            {actions.handle ? (
              <Button type="link" size="small" onClick={actions.handle}>
                办理
              </Button>
            ) : null}
            <Button type="link" size="small" onClick={actions.details}>
              详情
            </Button>
          </Space>
        );
      },
    },
  ];

  const counts = page.data?.counts;
  const cappedBoxes = page.data?.capped ?? [];
  const totalText = (total: number): string => `共 ${countText(total, page.data?.totalCapped ?? false)} 条`;
  // The list is the active post's work (issue 10); other posts' 待办 are counted, handled after switching post.
  const otherPosts = (page.data?.otherPosts ?? []).filter((p) => p.todo > 0);
  const drawerTask = drawer?.taskId ? page.data?.items.find((item) => item.taskId === drawer.taskId) : undefined;
  const drawerRoute = drawerTask ? resolveTaskRoute(feed.apps, drawerTask) : null;

  return (
    <div data-testid="wb-inbox">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        我的待办
      </Typography.Title>
      <Tabs
        activeKey={filters.box}
        onChange={(key) => change({ box: key as InboxBox }, false)}
        items={BOXES.map((box) => ({ key: box.key, label: tabLabel(box.label, counts?.[box.key] ?? null, cappedBoxes.includes(box.key)) }))}
      />
      {otherPosts.length > 0 ? (
        <Alert
          type="info"
          showIcon
          data-testid="wb-inbox-other-posts"
          style={{ marginBottom: 16 }}
          title={`您的其他岗位还有待办：${otherPosts.map((p) => `${p.name}（${p.orgUnitName}）${p.todo} 条`).join('，')}。在页眉切换岗位后办理。`}
        />
      ) : null}
      <Space wrap style={{ marginBottom: 16 }} data-testid="wb-inbox-filters">
        <Select
          allowClear
          placeholder="全部流程"
          style={{ width: 180 }}
          value={filters.processKey}
          onChange={(value?: string) => change({ processKey: value })}
          options={processes}
          aria-label="流程"
        />
        <Select
          allowClear
          placeholder="全部时限状态"
          style={{ width: 150 }}
          value={filters.slaState}
          onChange={(value?: SlaState) => change({ slaState: value })}
          options={Object.entries(SLA_TAGS).map(([value, tag]) => ({ value, label: tag.label }))}
          aria-label="时限状态"
        />
        <Input.Search
          allowClear
          placeholder="单位编码"
          style={{ width: 160 }}
          value={orgUnit}
          onChange={(event) => setOrgUnit(event.target.value)}
          onSearch={(value) => change({ orgUnitCode: value.trim() || undefined })}
          aria-label="单位编码"
        />
        <Input.Search
          allowClear
          placeholder="业务编号或标题"
          style={{ width: 220 }}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onSearch={(value) => change({ q: value.trim() || undefined })}
          aria-label="关键字"
        />
      </Space>
      {page.error ? <Alert type="error" showIcon title={errorText(page.error, '待办加载失败，请稍后重试')} style={{ marginBottom: 16 }} /> : null}
      {cards ? (
        <>
          <InboxCards items={page.data?.items ?? []} actionsOf={actionsOf} loading={page.isFetching} />
          <Pagination
            simple
            style={{ marginTop: 12, textAlign: 'center' }}
            current={filters.page}
            pageSize={page.data?.pageSize ?? 20}
            total={page.data?.total ?? 0}
            showTotal={totalText}
            onChange={(next) => change({ page: next }, false)}
          />
        </>
      ) : (
        <Table<InboxItem>
          rowKey={(item) => item.taskId ?? item.instanceId}
          size="middle"
          columns={columns}
          dataSource={page.data?.items ?? []}
          loading={page.isFetching}
          // antd greys an empty table's text at 1.8:1 (colorTextDisabled); this one is read, so secondary text (4.5:1+).
          locale={{ emptyText: <span style={{ color: 'rgba(0, 0, 0, 0.6)' }}>暂无数据</span> }}
          pagination={{
            current: filters.page,
            pageSize: page.data?.pageSize ?? 20,
            total: page.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: totalText,
            onChange: (next) => change({ page: next }, false),
          }}
        />
      )}
      {drawer ? (
        <InstanceDrawer
          instanceId={drawer.instanceId}
          taskId={drawer.taskId}
          canManage={canManage}
          openInApp={drawerRoute ? () => navigate(drawerRoute.path) : null}
          onClose={() => setDrawer(null)}
        />
      ) : null}
    </div>
  );
}

/**
 * The inbox page (我的待办), loaded as its own chunk by InboxRoute, on the shell's workflow QueryClient (shared
 * with the bell and the 我的待办 count, ADR 0037). A visit shows what is cached at once and asks again: apps
 * may have claimed or completed tasks since (their own QueryClients), so the workflow queries start stale.
 */
export default function InboxPage(): ReactElement {
  // Another feed (a post switch, a new session) is another client: another data scope.
  const feed = useFeed();
  const queryClient = useMemo(() => {
    const client = shellQueryClient(feed);
    // Apps may have claimed or completed tasks since (their own clients): what is cached shows, and is asked again.
    void client.invalidateQueries({ queryKey: workflowQueryKeys.all, refetchType: 'none' });
    return client;
  }, [feed]);
  return (
    <QueryClientProvider client={queryClient}>
      <InboxContent />
    </QueryClientProvider>
  );
}
