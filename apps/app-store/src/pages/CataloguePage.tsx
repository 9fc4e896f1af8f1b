import { Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { StoreAppQuery, StoreAppSummary } from '@wb/contracts/appstore';
import { Link, QueryError, formatTime, useLocation, useNavigate, useWorkbench } from '@wb/sdk/react';
import { useCategories, useStoreApps } from '../api/queries.ts';
import { AppStatusTag, VersionStatusTag } from '../components/StatusTag.tsx';
import { catalogueQueryString, parseCatalogueParams } from '../routes.ts';

const STATUS_OPTIONS = [
  { value: 'ACTIVE', label: '已上线' },
  { value: 'OFFLINE', label: '已下线' },
  { value: 'IN_REVIEW', label: '有待审核版本' },
];

interface FilterValues {
  q?: string;
  category?: string;
  status?: StoreAppQuery['status'];
}

function FilterBar({ query, onSearch }: { query: StoreAppQuery; onSearch(next: StoreAppQuery): void }) {
  const [form] = Form.useForm<FilterValues>();
  const categories = useCategories();
  // The URL may name a category that no app has (any more): keep it selectable so the filter shows it.
  const categoryOptions = [...new Set([...(categories.data ?? []), ...(query.category ? [query.category] : [])])];
  const submit = (values: FilterValues) => {
    const next: StoreAppQuery = {};
    const q = values.q?.trim();
    if (q) next.q = q;
    if (values.category) next.category = values.category;
    if (values.status) next.status = values.status;
    onSearch(next);
  };
  return (
    <Form form={form} layout="inline" initialValues={query} onFinish={submit} style={{ marginBottom: 16, rowGap: 8 }}>
      <Form.Item name="q" label="关键字">
        <Input allowClear placeholder="应用标识、名称或描述" maxLength={64} style={{ width: 220 }} />
      </Form.Item>
      <Form.Item name="category" label="分类">
        <Select allowClear placeholder="全部分类" style={{ width: 140 }} loading={categories.isPending} options={categoryOptions.map((c) => ({ value: c, label: c }))} />
      </Form.Item>
      <Form.Item name="status" label="状态">
        <Select allowClear placeholder="全部状态" style={{ width: 150 }} options={STATUS_OPTIONS} />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
          <Button
            onClick={() => {
              form.setFieldsValue({ q: undefined, category: undefined, status: undefined });
              onSearch({});
            }}
          >
            重置
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}

/** 应用目录: every app of the catalogue with its versions at a glance; filters live in the URL. */
export function CataloguePage() {
  const { basePath } = useWorkbench();
  const { search } = useLocation();
  const navigate = useNavigate();
  const query = parseCatalogueParams(search);
  const apps = useStoreApps(query);
  return (
    <>
      <FilterBar key={search.toString()} query={query} onSearch={(next) => navigate(`${basePath}/admin${catalogueQueryString(next)}`)} />
      {apps.isError ? (
        <QueryError query={apps} title="应用目录加载失败" />
      ) : (
        <Table<StoreAppSummary>
          rowKey="id"
          size="small"
          loading={apps.isFetching}
          dataSource={apps.data ?? []}
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${n} 个应用` }}
          locale={{ emptyText: '没有符合条件的应用' }}
          columns={[
            {
              title: '应用',
              key: 'name',
              render: (_, a) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/admin/apps/${encodeURIComponent(a.id)}`}>{a.name}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {a.id}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: '分类', dataIndex: 'category' },
            { title: '负责单位', dataIndex: 'owner', render: (o: string) => o || '—' },
            { title: '状态', dataIndex: 'status', render: (s: StoreAppSummary['status']) => <AppStatusTag status={s} /> },
            { title: '当前版本', dataIndex: 'currentVersion', render: (v: string | null) => v ?? '—' },
            {
              title: '最新版本',
              key: 'latest',
              render: (_, a) => (
                <Space size={4}>
                  {a.latestVersion}
                  <VersionStatusTag status={a.latestStatus} />
                </Space>
              ),
            },
            {
              title: '待审核',
              dataIndex: 'pendingReview',
              render: (n: number) => (n > 0 ? <Tag color="processing">{n}</Tag> : '—'),
            },
            { title: '灰度版本', dataIndex: 'rolloutVersion', render: (v: string | null) => v ?? '—' },
            { title: '更新时间', dataIndex: 'updatedAt', render: (at: string) => formatTime(at) },
          ]}
        />
      )}
    </>
  );
}
