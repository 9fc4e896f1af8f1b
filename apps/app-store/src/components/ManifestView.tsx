import { Descriptions, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Manifest } from '@wb/contracts';
import type { ReactNode } from 'react';
import { POSTS } from '../labels.ts';

const PERMISSION_TYPES: Record<string, string> = { APP: '应用', MENU: '菜单', BUTTON: '按钮', API: '接口', FIELD: '字段' };

/**
 * The manifest's `access` as one readable rule: each present condition on its own line, all of them
 * required (docs/architecture.md §4; registry `mayLoadApp`). Permission keys the app declares show their names.
 */
export function AccessRule({ manifest }: { manifest: Manifest }) {
  const { permissions = [], anyPermissions = [], roles = [], posts = [] } = manifest.access;
  const names = new Map(manifest.permissions.map((p) => [p.key, p.name]));
  const permission = (key: string) => <Tag key={key}>{names.has(key) ? `${names.get(key)}（${key}）` : key}</Tag>;
  const post = (code: string) => <Tag key={code}>{POSTS.find((p) => p.code === code)?.name ?? code}（{code}）</Tag>;
  const clauses: Array<{ key: string; label: string; items: ReactNode[] }> = [];
  if (permissions.length > 0) {
    clauses.push({ key: 'all', label: permissions.length > 1 ? '同时拥有以下全部权限' : '拥有权限', items: permissions.map(permission) });
  }
  if (anyPermissions.length > 0) {
    clauses.push({ key: 'any', label: anyPermissions.length > 1 ? '拥有以下任一权限' : '拥有权限', items: anyPermissions.map(permission) });
  }
  if (roles.length > 0) clauses.push({ key: 'roles', label: roles.length > 1 ? '属于以下任一角色' : '属于角色', items: roles.map((r) => <Tag key={r}>{r}</Tag>) });
  if (posts.length > 0) clauses.push({ key: 'posts', label: posts.length > 1 ? '在以下任一岗位' : '在岗位', items: posts.map(post) });
  if (clauses.length === 0) return <Typography.Text>所有登录用户（仍受渠道和网络区域限制）</Typography.Text>;
  return (
    <div data-testid="access-rule">
      {clauses.length > 1 && <Typography.Text type="secondary">需同时满足以下 {clauses.length} 项：</Typography.Text>}
      {clauses.map((c, i) => (
        <div key={c.key} style={{ marginTop: i === 0 && clauses.length === 1 ? 0 : 4 }}>
          {clauses.length > 1 && i > 0 && <Typography.Text type="secondary">并且 </Typography.Text>}
          <Typography.Text>{c.label}：</Typography.Text>
          {c.items}
        </div>
      ))}
    </div>
  );
}

const orNone = (value?: string) => value ?? '—';

const MENU_COLUMNS: TableColumnsType<Manifest['menus'][number]> = [
  { title: '标识', dataIndex: 'key' },
  { title: '标题', dataIndex: 'title' },
  { title: '路径', dataIndex: 'path' },
  { title: '上级', dataIndex: 'parent', render: orNone },
  { title: '所需权限', dataIndex: 'permission', render: orNone },
];

const WIDGET_COLUMNS: TableColumnsType<Manifest['widgets'][number]> = [
  { title: '标识', dataIndex: 'id' },
  { title: '标题', dataIndex: 'title' },
  { title: '尺寸', dataIndex: 'size', render: (s: string) => ({ small: '小', medium: '中', large: '大' })[s] ?? s },
  { title: '所需权限', dataIndex: 'permission', render: orNone },
];

const PERMISSION_COLUMNS: TableColumnsType<Manifest['permissions'][number]> = [
  { title: '权限标识', dataIndex: 'key' },
  { title: '名称', dataIndex: 'name' },
  { title: '类型', dataIndex: 'type', render: (t: string) => PERMISSION_TYPES[t] ?? t },
];

/** One list the manifest declares (menus, widgets, permissions): its heading and a compact table, or what is missing. */
function ManifestList<T extends object>(props: { title: string; first?: boolean; rowKey: keyof T & string; rows: T[]; empty: string; columns: TableColumnsType<T> }) {
  return (
    <>
      <Typography.Title level={5} style={props.first ? undefined : { marginTop: 16 }}>
        {props.title}
      </Typography.Title>
      <Table<T> rowKey={props.rowKey} size="small" pagination={false} dataSource={props.rows} locale={{ emptyText: props.empty }} columns={props.columns} />
    </>
  );
}

/** 清单 tab: the manifest of the current (else the latest) version, readable and as JSON. */
export function ManifestView({ manifest }: { manifest: Manifest }) {
  const list = (items: readonly string[] | undefined) => (items && items.length > 0 ? items.map((i) => <Tag key={i}>{i}</Tag>) : '—');
  return (
    <>
      <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label="版本">{manifest.version}</Descriptions.Item>
        <Descriptions.Item label="入口文件">{manifest.entry}</Descriptions.Item>
        <Descriptions.Item label="路由">{list(manifest.routes)}</Descriptions.Item>
        <Descriptions.Item label="渠道 / 网络区域">
          {list(manifest.channels)} {list(manifest.zones)}
        </Descriptions.Item>
        <Descriptions.Item label="访问条件" span={2}>
          <AccessRule manifest={manifest} />
        </Descriptions.Item>
        <Descriptions.Item label="依赖服务">{list(manifest.services.map((s) => `${s.name} ${s.version}`))}</Descriptions.Item>
        <Descriptions.Item label="共享依赖范围">{list(Object.entries(manifest.shared).map(([k, v]) => `${k} ${v}`))}</Descriptions.Item>
      </Descriptions>
      <ManifestList title="菜单" first rowKey="key" rows={manifest.menus} empty="未声明菜单" columns={MENU_COLUMNS} />
      <ManifestList title="工作台组件" rowKey="id" rows={manifest.widgets} empty="未声明工作台组件" columns={WIDGET_COLUMNS} />
      <ManifestList title="声明的权限" rowKey="key" rows={manifest.permissions} empty="未声明权限" columns={PERMISSION_COLUMNS} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        manifest.json
      </Typography.Title>
      <pre style={{ background: '#fafafa', padding: 12, borderRadius: 6, maxHeight: 400, overflow: 'auto', fontSize: 12 }}>
        {JSON.stringify(manifest, null, 2)}
      </pre>
    </>
  );
}
