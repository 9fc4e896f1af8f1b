import { useEffect, useEffectEvent, useState } from 'react';
import { Empty, Flex } from 'antd';
import type { SearchField } from '@wb/contracts';
import { QueryError, useDebouncedValue, useNavigate, useWorkbench } from '@wb/sdk/react';
import { PAGE_SIZE, useCustomerSearch } from '../api/customers.ts';
import { CustomerTable } from '../components/CustomerTable/CustomerTable.tsx';
import { SearchBar } from '../components/SearchBar/SearchBar.tsx';
import { detailHref, searchHref } from '../routes.ts';
import type { SearchParams } from '../routes.ts';

/**
 * In 自动识别, one or two characters search the start of 户名 only (too short for the address index), so an
 * agent typing a place name like 幸福 is told how to search addresses instead of just seeing nothing.
 */
function emptyHint(params: SearchParams): string {
  const short = params.field === 'auto' && params.q.length <= 2 && !/^\d+$/.test(params.q);
  return short ? '未找到户名以此开头的客户；查找地址请选择「地址」后再查询' : '未找到匹配的客户';
}

/** How long typing must pause before the query is sent (one request per pause, not per key). */
const DEBOUNCE_MS = 300;

/**
 * 客户查询. The URL is the source of truth for q/field/page; the input keeps a draft that reaches the URL
 * (history.replaceState: typing does not flood the history) after the debounce. Paging pushes an entry.
 */
export function SearchPage({ params }: { params: SearchParams }) {
  const { basePath } = useWorkbench();
  const navigate = useNavigate();
  const [draft, setDraft] = useState(params.q);
  const debounced = useDebouncedValue(draft, DEBOUNCE_MS);
  const [urlQ, setUrlQ] = useState(params.q);
  if (params.q !== urlQ) {
    setUrlQ(params.q);
    // Our own writes carry the debounced (or submitted) draft; anything else came from outside
    // (back/forward, a link) and replaces the draft. Keystrokes typed since our write are kept.
    const ownWrite = params.q === debounced.trim() || params.q === draft.trim();
    if (!ownWrite) setDraft(params.q);
  }

  const go = (next: SearchParams, replace: boolean): void => navigate(searchHref(basePath, next), { replace });
  const onDebounced = useEffectEvent((value: string) => {
    if (value.trim() !== params.q) go({ ...params, q: value.trim(), page: 1 }, true);
  });
  useEffect(() => onDebounced(debounced), [debounced]);

  const search = useCustomerSearch(params);
  const hasQuery = params.q.trim() !== '';
  return (
    <Flex vertical gap={16}>
      <SearchBar
        value={draft}
        field={params.field}
        loading={search.isFetching}
        onChange={setDraft}
        onFieldChange={(field: SearchField) => go({ q: draft.trim(), field, page: 1 }, true)}
        onSearch={(value) => {
          setDraft(value);
          // Searching the query already shown means "refresh"; anything else goes through the URL.
          if (value.trim() === params.q && params.page === 1) void search.refetch();
          else go({ ...params, q: value.trim(), page: 1 }, true);
        }}
      />
      {!hasQuery && <Empty description="输入户号、户名、电话或地址开始查询" />}
      {hasQuery && search.isError && (
        <QueryError query={search} title="查询失败" />
      )}
      {hasQuery && !search.isError && (
        <CustomerTable
          result={search.data ?? { items: [], page: params.page, pageSize: PAGE_SIZE, total: 0, capped: false }}
          loading={search.isFetching}
          routeOf={(consNo) => detailHref('', consNo, params)}
          onOpen={(consNo) => navigate(detailHref(basePath, consNo, params))}
          onPageChange={(page) => go({ ...params, page }, false)}
          emptyText={emptyHint(params)}
        />
      )}
    </Flex>
  );
}
