import { Descriptions, Table, Tag, Typography } from 'antd';
import type { Manifest } from '@wb/contracts';

const PERMISSION_TYPES: Record<string, string> = { APP: '应用', MENU: '菜单', BUTTON: '按钮', API: '接口', FIELD: '字段' };

/** 清单 tab: the manifest of the current (else the latest) version, readable and as JSON. */
export function ManifestView({ manifest }: { manifest: Manifest }) {
  const access = manifest.access;
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
        <Descriptions.Item label="访问条件：权限">{list(access.permissions)}</Descriptions.Item>
        <Descriptions.Item label="访问条件：角色 / 岗位">
          {list(access.roles)} {list(access.posts)}
        </Descriptions.Item>
        <Descriptions.Item label="依赖服务">{list(manifest.services.map((s) => `${s.name} ${s.version}`))}</Descriptions.Item>
        <Descriptions.Item label="共享依赖范围">{list(Object.entries(manifest.shared).map(([k, v]) => `${k} ${v}`))}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>菜单</Typography.Title>
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={manifest.menus}
        locale={{ emptyText: '未声明菜单' }}
        columns={[
          { title: '标识', dataIndex: 'key' },
          { title: '标题', dataIndex: 'title' },
          { title: '路径', dataIndex: 'path' },
          { title: '上级', dataIndex: 'parent', render: (p?: string) => p ?? '—' },
          { title: '所需权限', dataIndex: 'permission', render: (p?: string) => p ?? '—' },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        工作台组件
      </Typography.Title>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={manifest.widgets}
        locale={{ emptyText: '未声明工作台组件' }}
        columns={[
          { title: '标识', dataIndex: 'id' },
          { title: '标题', dataIndex: 'title' },
          { title: '尺寸', dataIndex: 'size', render: (s: string) => ({ small: '小', medium: '中', large: '大' })[s] ?? s },
          { title: '所需权限', dataIndex: 'permission', render: (p?: string) => p ?? '—' },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        声明的权限
      </Typography.Title>
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={manifest.permissions}
        locale={{ emptyText: '未声明权限' }}
        columns={[
          { title: '权限标识', dataIndex: 'key' },
          { title: '名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'type', render: (t: string) => PERMISSION_TYPES[t] ?? t },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        manifest.json
      </Typography.Title>
      <pre style={{ background: '#fafafa', padding: 12, borderRadius: 6, maxHeight: 400, overflow: 'auto', fontSize: 12 }}>
        {JSON.stringify(manifest, null, 2)}
      </pre>
    </>
  );
}
