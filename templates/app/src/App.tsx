import { useState } from 'react';
import { Input, Table, Typography } from 'antd';
import { Link, useRoute, useSession } from '@wb/sdk/react';
import { useCustomerSearch } from './api.ts';

/** Routes below the app's basePath (`props.basePath`, e.g. /app/__APP_ID__): one table, one result shape. */
const ROUTES = { search: '', about: '/about' } as const;

function SearchPage() {
  const [q, setQ] = useState('');
  const search = useCustomerSearch(q);
  return (
    <>
      <Input.Search aria-label="查询客户" placeholder="户号、户名或电话" allowClear enterButton="查询" onSearch={setQ} style={{ maxWidth: 420 }} />
      <Table
        style={{ marginTop: 16 }}
        rowKey="consNo"
        loading={search.isFetching}
        dataSource={search.data?.items ?? []}
        pagination={false}
        columns={[
          { title: '户号', dataIndex: 'consNo' },
          { title: '户名', dataIndex: 'name' },
          { title: '用电地址', dataIndex: 'address' },
        ]}
      />
      {search.isError ? <Typography.Text type="danger">查询失败：{search.error.message}</Typography.Text> : null}
      <p><Link to="/about">关于本应用</Link></p>
    </>
  );
}

export function App() {
  const match = useRoute(ROUTES);
  const session = useSession();
  return (
    <section>
      <Typography.Title level={3}>__APP_NAME__</Typography.Title>
      <Typography.Paragraph type="secondary">当前用户：{session.displayName}</Typography.Paragraph>
      {match?.route === 'search' ? <SearchPage /> : null}
      {match?.route === 'about' ? (
        <Typography.Paragraph>
          由 npm run new-app 生成的示例应用。<Link to="">返回查询</Link>
        </Typography.Paragraph>
      ) : null}
      {match === null ? <Typography.Paragraph>页面不存在</Typography.Paragraph> : null}
    </section>
  );
}
