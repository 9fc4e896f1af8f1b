import { Empty, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link } from '@wb/sdk/react';
import { useQuickSearch } from '../api/customers.ts';
import { detailHref } from '../routes.ts';

/** 户号 prefix: digits only, up to the 10 digits of a full 户号. */
const CONS_NO_PREFIX = /^\d{1,10}$/;

/**
 * 客户快速查询 (home widget `quick-search`): search by 户号 (or its first digits) and jump to the customer's
 * archive in this app. Mounted by the shell as a parcel on the workbench home (ADR 0014).
 */
export function QuickSearchWidget() {
  const [input, setInput] = useState('');
  const [consNo, setConsNo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const search = useQuickSearch(consNo);
  // Relative to the app's basePath: the SDK's <Link> adds it.
  const routeOf = (target: string): string => detailHref('', target, { q: target, field: 'consNo', page: 1 });

  function submit(value: string): void {
    const text = value.trim();
    if (!CONS_NO_PREFIX.test(text)) {
      setError('请输入户号（数字，最多 10 位）');
      return;
    }
    setError(null);
    setConsNo(text);
  }

  const items = search.data?.items ?? [];
  return (
    <div>
      <Input.Search
        aria-label="户号"
        placeholder="输入户号或前几位"
        value={input}
        maxLength={10}
        enterButton="查询"
        loading={search.isFetching}
        status={error ? 'error' : undefined}
        onChange={(event) => setInput(event.target.value)}
        onSearch={submit}
      />
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
      {search.isError ? <Typography.Text type="danger">{search.error.message}</Typography.Text> : null}
      {search.isSuccess && items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未找到该户号的客户" /> : null}
      {items.length > 0 ? (
        <ul aria-label="查询结果" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((customer) => (
            <li key={customer.consNo} style={{ padding: '6px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}>
              <Link to={routeOf(customer.consNo)} aria-label={`打开客户档案 ${customer.consNo}`}>
                {customer.consNo} {customer.name}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
