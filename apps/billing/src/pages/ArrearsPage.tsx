import { useState } from 'react';
import { Button, Card, Flex, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { BILLING_PERMISSIONS, AGE_BANDS, POWER_STATES, TARIFF_KINDS, type ArrearsRow } from '@wb/contracts/billing';
import { Link, QueryError, dropEmpty, pagedTable, usePermission, useWorkbench } from '@wb/sdk/react';
import { useArrears, useUnits, type ArrearsFilter } from '../api/billing.ts';
import { FilterSelect } from '../components/FilterSelect.tsx';
import { PowerTag } from '../components/PowerTag.tsx';
import { formatYm, formatYuan } from '../format.ts';
import { counterRoute } from '../routes.ts';

const PAGE_SIZE = 20;

/** Filters → the query string of `GET /arrears` and of its CSV twin (the same filters, no paging). */
function queryString(filter: Omit<ArrearsFilter, 'page' | 'pageSize'>): string {
  return new URLSearchParams(Object.entries(dropEmpty(filter)).map(([k, v]) => [k, String(v)])).toString();
}

/**
 * 欠费台账 (issue 13): customers with open receivables in the user's scope by age band of the oldest month, with
 * totals per band over every match, filters by 供电单位, 账龄, 供电状态 and 用电类别, and an export of the same filters as a
 * CSV file (UTF-8 with BOM, opens in Excel; ADR 0042). A row opens the customer at the counter.
 */
export function ArrearsPage() {
  const { services } = useWorkbench();
  const canCollect = usePermission(BILLING_PERMISSIONS.collect);
  const [filter, setFilter] = useState<Omit<ArrearsFilter, 'page' | 'pageSize'>>({});
  const units = useUnits();
  const unitName = (code: string): string => units.data?.items.find((u) => u.code === code)?.name ?? code;
  const [page, setPage] = useState(1);
  const arrears = useArrears({ ...filter, page, pageSize: PAGE_SIZE });
  const change = (next: Partial<Omit<ArrearsFilter, 'page' | 'pageSize'>>): void => {
    setFilter((f) => ({ ...f, ...next }));
    setPage(1);
  };
  const exportHref = `${services['billing'] ?? ''}/counter/arrears.csv${queryString(filter) ? `?${queryString(filter)}` : ''}`;
  const totals = arrears.data?.totals;

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <Select<string>
            aria-label="供电单位"
            placeholder="全部供电单位"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            value={filter.orgUnitCode}
            onChange={(v) => change({ orgUnitCode: v })}
            options={(units.data?.items ?? []).map((u) => ({ value: u.code, label: u.name }))}
          />
          <FilterSelect label="账龄" placeholder="全部账龄" labels={AGE_BANDS} value={filter.ageBand} onChange={(v) => change({ ageBand: v })} />
          <FilterSelect label="供电状态" placeholder="全部供电状态" labels={POWER_STATES} value={filter.powerState} onChange={(v) => change({ powerState: v })} />
          <FilterSelect label="用电类别" placeholder="全部用电类别" labels={TARIFF_KINDS} value={filter.tariffKind} onChange={(v) => change({ tariffKind: v })} />
          <Button icon={<DownloadOutlined aria-hidden />} href={exportHref} download="欠费台账.csv">
            导出 Excel（CSV）
          </Button>
        </Flex>
      </Card>
      {totals && (
        <Card size="small">
          <Flex gap={24} wrap>
            <Statistic title="欠费户数" value={totals.customers} suffix="户" />
            <Statistic title="欠费本金" value={formatYuan(totals.oweFen)} />
            {Object.entries(AGE_BANDS).map(([band, label]) => (
              <Statistic key={band} title={label} value={formatYuan(totals.byBand[band]?.oweFen ?? 0)} suffix={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{totals.byBand[band]?.customers ?? 0} 户</Typography.Text>} />
            ))}
          </Flex>
        </Card>
      )}
      {arrears.error ? (
        <QueryError query={arrears} title="欠费台账加载失败" />
      ) : (
        <Table<ArrearsRow>
          size="small"
          rowKey="consNo"
          scroll={{ x: 1000 }}
          {...pagedTable(arrears, { current: page, pageSize: PAGE_SIZE, onChange: setPage, unit: '户' })}
          columns={[
            { key: 'consNo', title: '户号', render: (_, r) => (canCollect ? <Link to={counterRoute(r.consNo)}>{r.consNo}</Link> : r.consNo) },
            { key: 'name', title: '户名', dataIndex: 'name' },
            { key: 'unit', title: '供电单位', render: (_, r) => unitName(r.orgUnitCode) },
            { key: 'months', title: '欠费月数', dataIndex: 'months', align: 'right' },
            { key: 'oldest', title: '最早欠费', render: (_, r) => formatYm(r.oldestYm) },
            { key: 'age', title: '账龄', render: (_, r) => <Tag color={r.ageDays > 180 ? 'red' : r.ageDays > 30 ? 'orange' : 'default'}>{AGE_BANDS[r.ageBand]}（{r.ageDays} 天）</Tag> },
            { key: 'owe', title: '欠费本金', align: 'right', render: (_, r) => formatYuan(r.oweFen) },
            { key: 'penalty', title: '违约金', align: 'right', render: (_, r) => formatYuan(r.penaltyFen) },
            {
              key: 'power',
              title: '供电',
              render: (_, r) => (
                <Space size={4}>
                  <PowerTag state={r.powerState} />
                  {r.protectedFlag && <Tag color="purple">保电</Tag>}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Flex>
  );
}
