import { Empty, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link } from '@wb/sdk/react';
import { QUICK_SEARCH_MAX_LENGTH, useQuickSearch } from '../api/customers.ts';
import { maskPhone } from '../format.ts';
import { detailHref } from '../routes.ts';

/**
 * 客户快速查询 (home widget `quick-search`): one box for what a caller gives — 户号 (or its first digits), 户名,
 * a phone number, or an address — read as the customer service's `auto` search reads it, and a jump to the
 * customer's archive in this app. Phones are shown masked. Mounted by the shell on the workbench home (ADR 0014).
 */
export function QuickSearchWidget() {
  const [input, setInput] = useState('');
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const search = useQuickSearch(query);
  // Relative to the app's basePath: the SDK's <Link> adds it. The back link returns to the same search.
  const routeOf = (target: string): string => detailHref('', target, { q: query, field: 'auto', page: 1 });

  function submit(value: string): void {
    const text = value.trim();
    if (text === '') {
      setError('请输入户号、户名或电话');
      return;
    }
    setError(null);
    setQuery(text);
  }

  const items = search.data?.items ?? [];
  return (
    <div>
      <Input.Search
        aria-label="户号、户名或电话"
        placeholder="户号、户名或电话"
        value={input}
        maxLength={QUICK_SEARCH_MAX_LENGTH}
        enterButton="查询"
        loading={search.isFetching}
        status={error ? 'error' : undefined}
        onChange={(event) => setInput(event.target.value)}
        onSearch={submit}
      />
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
      {search.isError ? <Typography.Text type="danger">{search.error.message}</Typography.Text> : null}
      {search.isSuccess && items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未找到匹配的客户" /> : null}
      {items.length > 0 ? (
        <ul aria-label="查询结果" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((customer) => (
            <li key={customer.consNo} style={{ padding: '6px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}>
              <Link to={routeOf(customer.consNo)} aria-label={`打开客户档案 ${customer.consNo}`}>
                {customer.consNo} {customer.name}
              </Link>
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {maskPhone(customer.phone)}
              </Typography.Text>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
