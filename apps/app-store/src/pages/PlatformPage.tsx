import { Card, Descriptions, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import type { PlatformDescriptor } from '@wb/contracts/appstore';
import { QueryError } from '@wb/sdk/react';
import { usePlatformDescriptor } from '../api/queries.ts';

type Row<K extends keyof PlatformDescriptor> = PlatformDescriptor[K] extends Array<infer T> ? T : never;

const CHANNEL_NAMES: Record<string, string> = { workbench: 'PC 工作台', mobile: '移动端 /m/', kiosk: '营业厅终端 /kiosk/', screen: '大屏 /screen/' };
const ZONE_NAMES: Record<string, string> = { intranet: '内网', internet: '互联网' };

/** One list of the descriptor as a compact table in its card, with what the card says below it. */
function ListCard<T extends object>(props: { title: string; rowKey: keyof T & string; rows: T[]; columns: TableColumnsType<T>; pageSize?: number; children?: ReactNode }) {
  return (
    <Card size="small" title={props.title}>
      <Table<T>
        rowKey={props.rowKey}
        size="small"
        pagination={props.pageSize ? { pageSize: props.pageSize, hideOnSinglePage: true } : false}
        dataSource={props.rows}
        columns={props.columns}
      />
      {props.children}
    </Card>
  );
}

function SharedPackages({ d }: { d: PlatformDescriptor }) {
  return (
    <ListCard<Row<'sharedPackages'>>
      title="共享依赖（manifest.json 的 shared 按此声明，构建时设为 external）"
      rowKey="package"
      rows={d.sharedPackages}
      columns={[
        { title: '包', dataIndex: 'package', render: (p: string) => <Typography.Text code>{p}</Typography.Text> },
        { title: '平台版本', dataIndex: 'version' },
        { title: 'shared 中声明', dataIndex: 'range', render: (r: string, row) => <Typography.Text code copyable>{`"${row.package}": "${r}"`}</Typography.Text> },
        {
          title: '可导入的模块',
          key: 'modules',
          render: (_, row) => {
            const modules = d.sharedModules.filter((m) => m.package === row.package).map((m) => m.specifier);
            return <Typography.Text ellipsis={{ tooltip: modules.join('\n') }} style={{ maxWidth: 360 }}>{modules.join('、')}</Typography.Text>;
          },
        },
      ]}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        只有上表中的模块能以裸模块名导入；其他依赖（如 react-router-dom）必须打包进应用，否则上传时会被拒绝。
      </Typography.Paragraph>
    </ListCard>
  );
}

const PROPS_COLUMNS: TableColumnsType<Row<'props'>> = [
  { title: '名称', dataIndex: 'name', render: (n: string) => <Typography.Text code>{n}</Typography.Text> },
  { title: '类型', dataIndex: 'type', render: (t: string) => <Typography.Text type="secondary">{t}</Typography.Text> },
  { title: '必有', dataIndex: 'required', render: (r: boolean) => (r ? '是' : '否') },
  { title: '说明', dataIndex: 'description' },
];

function PropsContract({ d }: { d: PlatformDescriptor }) {
  return <ListCard title={`挂载参数 props（入口导出 ${d.lifecycles.join('、')}）`} rowKey="name" rows={d.props} columns={PROPS_COLUMNS} />;
}

const TARGET_COLUMNS: TableColumnsType<Row<'orgUnits'>> = [
  { title: '单位编码', dataIndex: 'code', render: (c: string) => <Typography.Text copyable>{c}</Typography.Text> },
  { title: '名称', dataIndex: 'name' },
  { title: '上级', dataIndex: 'parentCode', render: (p: string | null) => p ?? '—' },
];

function Targets({ d }: { d: PlatformDescriptor }) {
  return (
    <ListCard title="可用于灰度的单位和岗位" rowKey="code" rows={d.orgUnits} pageSize={10} columns={TARGET_COLUMNS}>
      <Space wrap style={{ marginTop: 8 }}>
        {d.posts.map((p) => (
          <Tag key={p.code}>
            {p.name}（{p.code}）
          </Tag>
        ))}
      </Space>
    </ListCard>
  );
}

/** 平台信息: the platform descriptor, what a team building a micro-app needs (issue 11 item 3). */
export function PlatformPage() {
  const descriptor = usePlatformDescriptor();
  if (descriptor.isError) {
    return <QueryError query={descriptor} title="平台信息加载失败" />;
  }
  const d = descriptor.data;
  if (!d) return <Skeleton active />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="platform-descriptor">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="应用商店接口">
          <Typography.Text code copyable>{d.appStoreApi}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="模块格式">
          <Space wrap>
            {d.formats.map((f) => (
              <Tag key={f.format} color={f.runnable ? 'green' : 'warning'}>
                {f.description}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="渠道（channels）">{d.channels.map((c) => `${c}：${CHANNEL_NAMES[c] ?? c}`).join('；')}</Descriptions.Item>
        <Descriptions.Item label="网络区域（zones）">{d.zones.map((z) => `${z}：${ZONE_NAMES[z] ?? z}`).join('；')}</Descriptions.Item>
        <Descriptions.Item label="访问控制">清单中没有 access 的应用只有平台管理员可见；面向所有在岗员工请写 {'"access": { "anyPermissions": ["store:market:use"] }'}</Descriptions.Item>
      </Descriptions>
      <SharedPackages d={d} />
      <PropsContract d={d} />
      <Targets d={d} />
    </Space>
  );
}
