import {
  ArrowDownOutlined,
  ArrowLeftOutlined,
  ArrowRightOutlined,
  ArrowUpOutlined,
  CloseOutlined,
  ColumnHeightOutlined,
  ColumnWidthOutlined,
  MinusOutlined,
} from '@ant-design/icons';
import { Alert, AutoComplete, Button, Modal, Popconfirm, Select, Space, Tooltip } from 'antd';
import { useState, type ReactElement, type ReactNode } from 'react';
import { ResponseError, STORE_PERMISSIONS } from '@wb/contracts';
import { type Layout, type LayoutItem } from '@wb/contracts/appstore';
import { useFeed } from '../../layout/shell-context.ts';
import {
  addWidget,
  itemKey,
  moveWidget,
  removeWidget,
  resizeWidget,
  unplacedWidgets,
  type MoveDirection,
  type ResizeChange,
} from '../../widgets/grid-model.ts';
import type { LayoutClient } from '../../widgets/layout-client.ts';

/** Holders may set per-post default layouts (contracts appstore.ts): reviewers operate the store (ADR 0016). */
export const MANAGE_PERMISSION = STORE_PERMISSIONS.review;

/** The server's refusal in words the user reads: its message plus its per-field messages. */
export function layoutErrorText(error: unknown): string {
  if (error instanceof ResponseError) {
    const fields = Object.values(error.fields ?? {}).filter((text) => text !== error.message);
    return [error.message, ...fields].join('；');
  }
  return '保存失败，请稍后重试';
}

export interface LayoutToolbarProps {
  layouts: LayoutClient;
  draft: LayoutItem[];
  onChange(draft: LayoutItem[]): void;
  /** Leaves edit mode; `layout` is the one now in force (after 保存 or 恢复默认), absent after 取消. */
  onDone(layout?: Layout): void;
}

/** 编辑布局 mode: 添加组件, 保存, 取消, 恢复默认 and, for administrators, 设为岗位默认布局. */
export function LayoutToolbar({ layouts, draft, onChange, onDone }: LayoutToolbarProps): ReactElement {
  const feed = useFeed();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [postDialog, setPostDialog] = useState(false);
  const appName = (appId: string): string => feed.apps.find((app) => app.id === appId)?.name ?? appId;
  const options = unplacedWidgets(draft, feed.widgets).map((widget) => ({
    value: itemKey({ appId: widget.appId, widgetId: widget.id }),
    label: `${widget.title}（${appName(widget.appId)}）`,
  }));
  const canManage = feed.user?.permissions.includes(MANAGE_PERMISSION) || feed.user?.permissions.includes('*');

  async function run(action: () => Promise<Layout>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      onDone(await action());
    } catch (caught) {
      setError(layoutErrorText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="wb-layout-toolbar" style={{ marginBottom: 12 }}>
      <Space wrap>
        <Select
          aria-label="添加组件"
          placeholder={options.length > 0 ? '添加组件' : '没有可添加的组件'}
          disabled={options.length === 0}
          value={null}
          options={options}
          style={{ minWidth: 240 }}
          onChange={(key: string) => {
            const widget = feed.widgets.find((candidate) => itemKey({ appId: candidate.appId, widgetId: candidate.id }) === key);
            if (widget) onChange(addWidget(draft, widget));
          }}
        />
        <Button type="primary" loading={busy} onClick={() => void run(() => layouts.save(draft))}>
          保存
        </Button>
        <Button disabled={busy} onClick={() => onDone()}>
          取消
        </Button>
        <Popconfirm title="恢复默认布局？" description="将删除您保存的布局，改用岗位或系统默认布局。" onConfirm={() => void run(() => layouts.reset())} okText="恢复默认" cancelText="取消">
          <Button disabled={busy}>恢复默认</Button>
        </Popconfirm>
        {canManage ? (
          <Button disabled={busy} onClick={() => setPostDialog(true)}>
            设为岗位默认布局
          </Button>
        ) : null}
      </Space>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="wb-layout-error" /> : null}
      {postDialog ? <PostLayoutDialog layouts={layouts} draft={draft} onClose={() => setPostDialog(false)} /> : null}
    </div>
  );
}

/** 设为岗位默认布局: the draft becomes the default of one post (users of that post without their own layout). */
function PostLayoutDialog({ layouts, draft, onClose }: { layouts: LayoutClient; draft: LayoutItem[]; onClose(): void }): ReactElement {
  const user = useFeed().user;
  const [postCode, setPostCode] = useState(user?.activePost?.code ?? '');
  const [state, setState] = useState<{ busy: boolean; error: string | null; done: boolean }>({ busy: false, error: null, done: false });
  const options = [...new Map((user?.posts ?? []).map((post) => [post.code, { value: post.code, label: `${post.name}（${post.code}）` }])).values()];

  async function submit(): Promise<void> {
    const code = postCode.trim();
    if (code === '') {
      setState({ busy: false, error: '请选择或输入岗位编码', done: false });
      return;
    }
    setState({ busy: true, error: null, done: false });
    try {
      await layouts.saveForPost(code, draft);
      setState({ busy: false, error: null, done: true });
    } catch (caught) {
      setState({ busy: false, error: layoutErrorText(caught), done: false });
    }
  }

  return (
    <Modal open title="设为岗位默认布局" okText="设为默认" cancelText="关闭" confirmLoading={state.busy} onOk={() => void submit()} onCancel={onClose}>
      <p>当前编辑中的布局将作为该岗位人员的默认布局（已自行保存布局的人员不受影响）。</p>
      <AutoComplete aria-label="岗位编码" value={postCode} options={options} onChange={setPostCode} style={{ width: '100%' }} placeholder="岗位编码，如 KF_AGENT" />
      {state.error ? <Alert type="error" showIcon title={state.error} style={{ marginTop: 12 }} /> : null}
      {state.done ? <Alert type="success" showIcon title={`已设为岗位 ${postCode.trim()} 的默认布局`} style={{ marginTop: 12 }} /> : null}
    </Modal>
  );
}

const MOVES: Array<{ direction: MoveDirection; label: string; icon: ReactNode }> = [
  { direction: 'left', label: '左移', icon: <ArrowLeftOutlined aria-hidden /> },
  { direction: 'right', label: '右移', icon: <ArrowRightOutlined aria-hidden /> },
  { direction: 'up', label: '上移', icon: <ArrowUpOutlined aria-hidden /> },
  { direction: 'down', label: '下移', icon: <ArrowDownOutlined aria-hidden /> },
];
const RESIZES: Array<{ change: ResizeChange; label: string; icon: ReactNode }> = [
  { change: 'wider', label: '加宽', icon: <ColumnWidthOutlined aria-hidden /> },
  { change: 'narrower', label: '减窄', icon: <MinusOutlined aria-hidden rotate={90} /> },
  { change: 'taller', label: '加高', icon: <ColumnHeightOutlined aria-hidden /> },
  { change: 'shorter', label: '减高', icon: <MinusOutlined aria-hidden /> },
];

export interface ItemControlsProps {
  item: LayoutItem;
  title: string;
  draft: LayoutItem[];
  onChange(draft: LayoutItem[]): void;
}

/** Buttons (keyboard-reachable, each named for screen readers) that move, resize or remove one widget. */
export function ItemControls({ item, title, draft, onChange }: ItemControlsProps): ReactElement {
  const key = itemKey(item);
  const button = (label: string, icon: ReactNode, next: () => LayoutItem[]): ReactElement => (
    <Tooltip key={label} title={label}>
      <Button size="small" type="text" aria-label={`${label}「${title}」`} icon={icon} onClick={() => onChange(next())} />
    </Tooltip>
  );
  return (
    <Space size={0} data-testid="wb-widget-controls">
      {MOVES.map(({ direction, label, icon }) => button(label, icon, () => moveWidget(draft, key, direction)))}
      {RESIZES.map(({ change, label, icon }) => button(label, icon, () => resizeWidget(draft, key, change)))}
      {button('移除', <CloseOutlined aria-hidden />, () => removeWidget(draft, key))}
    </Space>
  );
}
