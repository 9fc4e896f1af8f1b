import { Alert, Card, Empty, Flex, Skeleton, Table, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { partCatalogueSchema, partImpactSchema } from '@wb/contracts';
import type { PartCatalogue, PartCatalogueEntry, PartImpact } from '@wb/contracts';
import type { ServiceClient } from '@wb/sdk';
import { QueryError, useServiceClient } from '@wb/sdk/react';
import { SERVICE, storeKeys } from '../api/queries.ts';

const CHANNEL_NAMES: Record<string, string> = { workbench: 'PC 工作台', mobile: '移动端', kiosk: '营业厅终端', screen: '大屏' };

/** Query keys of 组件管理, below the app store's root key (so a publish or rollback invalidates them). */
export const partKeys = {
  all: [...storeKeys.all, 'parts'] as const,
  catalogue: () => [...partKeys.all, 'catalogue'] as const,
  impact: (appId: string, version: string) => [...partKeys.all, 'impact', appId, version] as const,
};

export const partQueries = {
  catalogue: (client: ServiceClient) =>
    queryOptions({ queryKey: partKeys.catalogue(), queryFn: ({ signal }) => client.get('/parts', { schema: partCatalogueSchema, signal }) }),
  impact: (client: ServiceClient, appId: string, version: string) =>
    queryOptions({
      queryKey: partKeys.impact(appId, version),
      queryFn: ({ signal }) => client.get('/parts/impact', { query: { app: appId, version }, schema: partImpactSchema, signal }),
    }),
};

function ConsumerTags({ part }: { part: PartCatalogueEntry }) {
  if (part.consumers.length === 0) return <Typography.Text type="secondary">暂无</Typography.Text>;
  return (
    <Flex wrap gap={4}>
      {part.consumers.map((c) => (
        <Tag key={`${c.appId}@${c.version}`} color={c.satisfied ? 'blue' : 'red'}>
          {c.appName} {c.version} · 主版本 {c.major}
          {c.satisfied ? '' : '（不兼容）'}
        </Tag>
      ))}
    </Flex>
  );
}

function PartTable({ parts }: { parts: PartCatalogueEntry[] }) {
  return (
    <Table<PartCatalogueEntry>
      rowKey={(p) => `${p.appId}/${p.id}`}
      size="small"
      pagination={false}
      dataSource={parts}
      locale={{ emptyText: <Empty description="还没有应用提供界面部件" /> }}
      columns={[
        { title: '部件', key: 'title', render: (_, p) => (<><Typography.Text strong>{p.title}</Typography.Text><br /><Typography.Text code>{`${p.appId}/${p.id}`}</Typography.Text></>) },
        { title: '提供方', key: 'provider', render: (_, p) => `${p.appName} ${p.version}` },
        { title: '主版本', dataIndex: 'major' },
        { title: '所需权限', dataIndex: 'permission', render: (v?: string) => (v ? <Typography.Text code>{v}</Typography.Text> : '无') },
        { title: '渠道', dataIndex: 'channels', render: (v: string[]) => v.map((c) => CHANNEL_NAMES[c] ?? c).join('、') },
        { title: '使用方', key: 'consumers', render: (_, p) => <ConsumerTags part={p} /> },
      ]}
    />
  );
}

/** The dependency graph of apps through parts, as a tree: consumer → provider → parts used. */
function graphTree(catalogue: PartCatalogue): TreeDataNode[] {
  const names = new Map<string, string>();
  for (const p of catalogue.parts) {
    names.set(p.appId, p.appName);
    for (const c of p.consumers) names.set(c.appId, c.appName);
  }
  const title = (id: string) => `${names.get(id) ?? id}（${id}）`;
  const consumers = [...new Set(catalogue.edges.map((e) => e.from))].sort();
  return consumers.map((from) => ({
    key: from,
    title: title(from),
    children: catalogue.edges
      .filter((e) => e.from === from)
      .map((e) => ({
        key: `${from}>${e.to}`,
        title: `使用 ${title(e.to)}`,
        children: e.parts.map((part) => ({ key: `${from}>${e.to}/${part}`, title: catalogue.parts.find((p) => p.appId === e.to && p.id === part)?.title ?? part, isLeaf: true })),
      })),
  }));
}

/**
 * 组件管理 (ADR 0030): every part the current versions expose (provider, major, permission, channels, who uses
 * which major), uses that no provider satisfies, and the apps' dependency graph through parts.
 */
export function PartsPage() {
  const client = useServiceClient(SERVICE);
  const catalogue = useQuery(partQueries.catalogue(client));
  if (catalogue.isError) {
    return <QueryError query={catalogue} title="部件目录加载失败" />;
  }
  if (!catalogue.data) return <Skeleton active paragraph={{ rows: 6 }} />;
  const data = catalogue.data;
  return (
    <Flex vertical gap={16} data-testid="parts-catalogue">
      {data.unresolved.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title="以下应用使用的部件当前没有兼容的提供方版本"
          description={data.unresolved.map((u) => `${u.appName} ${u.version} → ${u.app}/${u.part}（主版本 ${u.major}）`).join('；')}
        />
      ) : null}
      <Card size="small" title="界面部件">
        <PartTable parts={data.parts} />
      </Card>
      <Card size="small" title="应用依赖关系（通过部件）">
        {data.edges.length === 0 ? <Empty description="还没有应用使用其他应用的部件" /> : <Tree treeData={graphTree(data)} defaultExpandAll selectable={false} />}
      </Card>
    </Flex>
  );
}

/**
 * Before a rollback (or any switch of the current version) to `version`: which consumers would lose a part or
 * see its props contract narrowed. Nothing while no version is chosen or nothing breaks.
 */
export function PartImpactWarning({ appId, version }: { appId: string; version: string | undefined }) {
  const client = useServiceClient(SERVICE);
  const impact = useQuery({ ...partQueries.impact(client, appId, version ?? ''), enabled: version !== undefined && version !== '' });
  const breaks: PartImpact['breaks'] = impact.data?.breaks ?? [];
  if (breaks.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      title={`回滚到 ${version ?? ''} 会影响正在使用其部件的应用`}
      description={breaks.map((b) => `「${b.consumerName}」使用的部件 ${b.part}（主版本 ${b.major}）：${b.reason}`).join('；')}
    />
  );
}
