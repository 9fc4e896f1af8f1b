import { describe, expect, it, vi } from 'vitest';
import { pagedTable, partTable } from './paged-table.ts';

const page = { items: [{ id: '1' }, { id: '2' }], total: 42 };

describe('pagedTable', () => {
  it("takes the page's rows and counts the whole list in the pager, at the screen's page size", () => {
    const onChange = vi.fn();
    const table = pagedTable({ data: page, isPending: false, isPlaceholderData: false }, { current: 3, pageSize: 20, onChange, unit: '户' });
    expect(table.dataSource).toEqual(page.items);
    expect(table.loading).toBe(false);
    const { showTotal, ...pager } = table.pagination;
    expect(pager).toEqual({ current: 3, pageSize: 20, onChange, total: 42, showSizeChanger: false });
    expect(showTotal?.(42, [41, 42])).toBe('共 42 户');
  });

  it('loads while the page shown is not the one asked for: the first load, or the previous page kept on screen', () => {
    const opts = { current: 1, pageSize: 20, onChange: () => {}, unit: '条' };
    const first = pagedTable<{ id: string }>({ data: undefined, isPending: true, isPlaceholderData: false }, opts);
    expect(first).toMatchObject({ dataSource: [], loading: true, pagination: { total: 0 } });
    expect(pagedTable({ data: page, isPending: false, isPlaceholderData: true }, opts).loading).toBe(true);
  });
});

describe('partTable', () => {
  it("is compact with no pager, loads until the first answer only, and shows the part's words when empty", () => {
    expect(partTable({ isPending: true }, '该客户暂无工单')).toEqual({ size: 'small', loading: true, pagination: false, locale: { emptyText: '该客户暂无工单' } });
    expect(partTable({ isPending: false }, '该客户暂无工单').loading).toBe(false);
  });
});
