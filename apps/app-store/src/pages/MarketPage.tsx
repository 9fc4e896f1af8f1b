import { App, Avatar, Button, Card, Col, Empty, Input, Row, Select, Space, Tag, Typography } from 'antd';
import { ResponseError } from '@wb/contracts';
import type { MarketApp } from '@wb/contracts/appstore';
import { QueryError } from '@wb/sdk/react';
import { useState } from 'react';
import { useMarket, useSetInMenu } from '../api/queries.ts';

function matches(app: MarketApp, q: string, category: string | undefined): boolean {
  if (category && app.category !== category) return false;
  const needle = q.trim().toLowerCase();
  return !needle || [app.name, app.id, app.description].some((t) => t.toLowerCase().includes(needle));
}

function MarketCard({ app }: { app: MarketApp }) {
  const setInMenu = useSetInMenu();
  const { message } = App.useApp();
  const toggle = async () => {
    try {
      await setInMenu.mutateAsync({ appId: app.id, inMenu: !app.inMenu });
      void message.success(app.inMenu ? `已从菜单移除 ${app.name}` : `已将 ${app.name} 添加到我的菜单`);
    } catch (error) {
      void message.error(error instanceof ResponseError ? error.message : '操作失败，请稍后重试');
    }
  };
  return (
    <Card
      data-testid={`market-app-${app.id}`}
      title={
        <Space>
          <Avatar style={{ background: '#0958d9' }}>{app.name.slice(0, 1)}</Avatar>
          <span>{app.name}</span>
        </Space>
      }
      extra={app.inMenu ? <Tag color="success">已在菜单</Tag> : <Tag>未在菜单</Tag>}
      actions={[
        <Button key="toggle" type={app.inMenu ? 'default' : 'primary'} loading={setInMenu.isPending} onClick={() => void toggle()}>
          {app.inMenu ? '从菜单移除' : '添加到我的菜单'}
        </Button>,
      ]}
    >
      <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ minHeight: 66 }}>
        {app.description || '暂无介绍'}
      </Typography.Paragraph>
      <Space orientation="vertical" size={2}>
        <Typography.Text type="secondary">
          分类：{app.category} · 版本：{app.version}
        </Typography.Text>
        <Typography.Text type="secondary">负责单位：{app.owner || '—'}</Typography.Text>
        <Typography.Text type="secondary">
          工作台组件：{app.widgets.length > 0 ? app.widgets.map((w) => w.title).join('、') : '无'}
        </Typography.Text>
      </Space>
    </Card>
  );
}

/** 应用市场: the apps this user may use; each can be put in or taken out of the user's own side menu. */
export function MarketPage() {
  const market = useMarket();
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<string | undefined>(undefined);
  if (market.isError) {
    return <QueryError query={market} title="应用市场加载失败" />;
  }
  const apps = market.data ?? [];
  const categories = [...new Set(apps.map((a) => a.category))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const shown = apps.filter((a) => matches(a, q, category));
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search allowClear aria-label="搜索应用" placeholder="搜索应用名称或介绍" style={{ width: 260 }} value={q} onChange={(e) => setQ(e.target.value)} />
        <Select
          allowClear
          aria-label="分类"
          placeholder="全部分类"
          style={{ width: 160 }}
          value={category}
          onChange={(value?: string) => setCategory(value)}
          options={categories.map((c) => ({ value: c, label: c }))}
        />
        <Typography.Text type="secondary">加入菜单的应用会出现在左侧菜单中；移除后仍可在此重新添加。</Typography.Text>
      </Space>
      {market.isPending ? (
        <Card loading />
      ) : shown.length === 0 ? (
        <Empty description={apps.length === 0 ? '暂无可用的应用' : '没有符合条件的应用'} />
      ) : (
        <Row gutter={[16, 16]}>
          {shown.map((app) => (
            <Col key={app.id} xs={24} md={12} xl={8}>
              <MarketCard app={app} />
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}
