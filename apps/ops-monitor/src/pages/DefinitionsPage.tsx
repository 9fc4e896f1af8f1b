import { Card, Descriptions, Flex, Skeleton, Table, Tag, Typography } from 'antd';
import type { IndicatorCode, IndicatorDefinition } from '@wb/contracts/indicators';
import { Link, PageNotFound, QueryError } from '@wb/sdk/react';
import { useDefinitions } from '../api/indicators.ts';

const UNIT_LABELS = { percent: '百分比', workdays: '工作日', count: '件数', per10k: '件/万户', yuan: '元' } as const;

/** 指标口径: every indicator's definition; one indicator on a page of its own. */
export function DefinitionsPage({ code }: { code?: IndicatorCode }) {
  const defs = useDefinitions();
  if (defs.error) return <QueryError query={defs} title="指标口径加载失败" />;
  if (!defs.data) return <Skeleton active />;
  if (code) {
    const d = defs.data.items.find((x) => x.code === code);
    // The service defines every code; a definition it does not send is a page this app does not have.
    if (!d) return <PageNotFound app="运营监测" />;
    return (
      <Flex vertical gap={12}>
        <Typography.Title level={4} style={{ margin: 0 }}>指标口径 · {d.name}</Typography.Title>
        <Descriptions bordered column={1} size="small">
          <Descriptions.Item label="指标">{d.name}（{d.code}）</Descriptions.Item>
          <Descriptions.Item label="口径">{d.definition}</Descriptions.Item>
          <Descriptions.Item label="单位">{UNIT_LABELS[d.unit]}</Descriptions.Item>
          <Descriptions.Item label="方向">{d.higherIsBetter ? '越高越好' : '越低越好'}</Descriptions.Item>
          <Descriptions.Item label="数据来源">{d.source ? d.sourceName : <Tag>暂无数据源</Tag>}</Descriptions.Item>
          <Descriptions.Item label="统计方式">{d.realtime ? '实时值' : '按月统计，由业务事件逐日累计'}</Descriptions.Item>
        </Descriptions>
        <Link to="/definitions">全部指标口径</Link>
      </Flex>
    );
  }
  return (
    <Card title="指标口径" extra={<Link to="">返回总览</Link>}>
      <Table<IndicatorDefinition>
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={defs.data.items}
        columns={[
          { title: '指标', dataIndex: 'name', width: 160, render: (name: string, d) => <Link to={`/definitions/${d.code}`}>{name}</Link> },
          { title: '口径', dataIndex: 'definition' },
          { title: '数据来源', key: 'source', width: 160, render: (_: unknown, d) => (d.source ? <Tag>{d.sourceName}</Tag> : <Tag>暂无数据源</Tag>) },
        ]}
      />
    </Card>
  );
}
