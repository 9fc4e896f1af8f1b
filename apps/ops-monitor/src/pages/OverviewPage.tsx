import { useMemo, useRef, useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Col, Flex, Row, Segmented, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import type { IndicatorCode, IndicatorDefinition, IndicatorSummary, IndicatorValue } from '@wb/contracts/indicators';
import { Link, QueryError, ServiceError, useLocation, useNavigate } from '@wb/sdk/react';
import { exportUrl, useDefinitions, useRanking, useSummary, useTrend } from '../api/indicators.ts';
import { Chart, downloadDataUrl, type ChartHandle } from '../components/Chart.tsx';
import { LIGHT_COLORS, LIGHT_LABELS, NO_SOURCE_COLOR, emptyNote, recentMonths, valueText, ymLabel } from '../format.ts';
import { viewPath } from '../routes.ts';

/** Key indicators shown as columns of the unit table (the rest are on the cards). */
const TABLE_CODES: IndicatorCode[] = ['YK_ONTIME', 'YK_OVERDUE', 'TK_TIMELY', 'TK_ARRIVE', 'TK_SATISFACTION', 'BILL_RECOVERY', 'BILL_ARREARS'];

function KpiCard({ def, value, active, onSelect, org, ym }: { def: IndicatorDefinition; value: IndicatorValue | undefined; active: boolean; onSelect: () => void; org: string; ym: string }) {
  const light = value?.light ?? 'NONE';
  return (
    <Card
      size="small"
      hoverable
      onClick={onSelect}
      data-testid={`kpi-${def.code}`}
      style={{ borderColor: active ? '#1677ff' : undefined, borderTopWidth: 4, borderTopColor: LIGHT_COLORS[light], height: '100%' }}
      title={<span title={def.definition}>{def.name}</span>}
      extra={def.realtime ? <Tag>实时</Tag> : null}
    >
      <Flex vertical gap={4}>
        <Typography.Text strong style={{ fontSize: 22, color: value?.noSource ? NO_SOURCE_COLOR : LIGHT_COLORS[light] }}>{valueText(value, def)}</Typography.Text>
        <Flex justify="space-between" align="center">
          <Typography.Text type="secondary">{value?.noSource ? def.sourceName : (emptyNote(value, def) ?? LIGHT_LABELS[light])}</Typography.Text>
          <Space size={8} onClick={(e) => e.stopPropagation()}>
            {def.drillable && !value?.noSource ? <Link to={viewPath(`/items/${def.code}`, org, ym)}>明细</Link> : null}
            <Link to={`/definitions/${def.code}`}>口径</Link>
          </Space>
        </Flex>
        {value?.parts && !value.noSource ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {value.parts.map((p) => `${p.label} ${p.value === null ? '—' : def.unit === 'yuan' ? `${(p.value / 10_000).toFixed(1)}万` : p.value.toFixed(1)}${p.target ? `/${p.target}` : ''}`).join('　')}
          </Typography.Text>
        ) : null}
      </Flex>
    </Card>
  );
}

function TrendAndRanking({ org, ym, def }: { org: string; ym: string; def: IndicatorDefinition }) {
  const trend = useTrend(org, ym, def.code);
  const ranking = useRanking(org, ym, def.code);
  const [mode, setMode] = useState<'trend' | 'ranking'>('trend');
  const chart = useRef<ChartHandle>(null);
  const option = useMemo<EChartsOption>(() => {
    if (mode === 'trend') {
      const points = trend.data?.points ?? [];
      return {
        title: { text: `${def.name} · 近12个月`, left: 'center', textStyle: { fontSize: 14 } },
        tooltip: { trigger: 'axis' },
        grid: { left: 56, right: 24, top: 48, bottom: 32 },
        xAxis: { type: 'category', data: points.map((p) => `${p.ym.slice(2, 4)}/${p.ym.slice(4)}`) },
        yAxis: def.unit === 'percent' ? { type: 'value', scale: true, max: 100 } : { type: 'value', scale: true },
        series: [{ type: 'line', smooth: true, connectNulls: false, data: points.map((p) => p.value), itemStyle: { color: '#1677ff' } }],
      };
    }
    const items = (ranking.data?.items ?? []).filter((r) => r.value !== null);
    return {
      title: { text: `${def.name} · 供电所排名`, left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      grid: { left: 120, right: 32, top: 48, bottom: 24 },
      xAxis: { type: 'value', scale: true },
      yAxis: { type: 'category', inverse: true, data: items.map((r) => `${r.rank}. ${r.org.name}`) },
      series: [{ type: 'bar', data: items.map((r) => ({ value: r.value, itemStyle: { color: LIGHT_COLORS[r.light] } })) }],
    };
  }, [mode, trend.data, ranking.data, def]);
  return (
    <Card
      size="small"
      title={
        <Segmented
          value={mode}
          onChange={(v) => setMode(v as 'trend' | 'ranking')}
          options={[{ label: '趋势', value: 'trend' }, { label: '排名', value: 'ranking' }]}
        />
      }
      extra={
        <Button
          size="small"
          onClick={() => {
            const url = chart.current?.pngDataUrl();
            if (url) downloadDataUrl(url, `${def.name}-${mode === 'trend' ? '趋势' : '排名'}-${ym}.png`);
          }}
        >
          导出图片
        </Button>
      }
    >
      {trend.error || ranking.error ? <ServiceError error={trend.error ?? ranking.error} title="图表数据加载失败" retrying={trend.isFetching || ranking.isFetching} onRetry={() => { void trend.refetch(); void ranking.refetch(); }} /> : <Chart ref={chart} option={option} label={`${def.name}图表`} />}
    </Card>
  );
}

function UnitTable({ summary, defs, ym }: { summary: IndicatorSummary; defs: Map<string, IndicatorDefinition>; ym: string }) {
  const rows = summary.children.map((c) => ({ key: c.org.code, org: c.org, values: new Map(c.values.map((v) => [v.code, v])) }));
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      scroll={{ x: true }}
      locale={{ emptyText: '没有下级单位' }}
      columns={[
        {
          title: '单位',
          key: 'org',
          fixed: 'left',
          render: (_: unknown, r: (typeof rows)[number]) => (
            <Link to={viewPath('', r.org.code, ym)} data-testid={`drill-${r.org.code}`}>{r.org.name}</Link>
          ),
        },
        // Columns of the indicators the service defines (a code it does not send has no name to head a column).
        ...TABLE_CODES.filter((code) => defs.has(code)).map((code) => ({
          title: defs.get(code)!.name,
          key: code,
          align: 'right' as const,
          render: (_: unknown, r: (typeof rows)[number]) => {
            const v = r.values.get(code);
            return <span style={{ color: v?.noSource ? NO_SOURCE_COLOR : LIGHT_COLORS[v?.light ?? 'NONE'] }}>{valueText(v, defs.get(code))}</span>;
          },
        })),
      ]}
      footer={() => <Typography.Text type="secondary">{ymLabel(ym)} · 点击单位名称下钻</Typography.Text>}
    />
  );
}

/** 运营监测 总览: the org (city → county → 供电所) under data scope, its indicators, trend, ranking and units. */
export function OverviewPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const org = location.search.get('org') ?? undefined;
  const ymParam = location.search.get('ym') ?? undefined;
  const months = useMemo(() => recentMonths(12), []);
  const ym = ymParam ?? months[0] ?? '';
  const summary = useSummary(org, ym);
  const definitions = useDefinitions();
  const [selected, setSelected] = useState<IndicatorCode>('YK_ONTIME');
  const defs = useMemo(() => new Map((definitions.data?.items ?? []).map((d) => [d.code, d])), [definitions.data]);
  const go = (nextOrg: string | undefined, nextYm: string) => navigate(viewPath('', nextOrg, nextYm));

  if (summary.error) return <QueryError query={summary} title="指标加载失败" />;
  if (!summary.data || !definitions.data) return <Skeleton active />;
  const s = summary.data;
  const values = new Map(s.values.map((v) => [v.code, v]));
  const selectedDef = defs.get(selected);
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space orientation="vertical" size={0}>
          <Typography.Title level={4} style={{ margin: 0 }}>营销运营监测 · {s.org.name}</Typography.Title>
          {s.trail.length > 1 ? <Breadcrumb
            items={s.trail.map((t) => ({
              key: t.code,
              title: t.code === s.org.code ? t.name : <Link to={viewPath('', t.code, ym)}>{t.name}</Link>,
            }))}
          /> : null}
        </Space>
        <Space wrap>
          <Select aria-label="统计月份" value={ym} style={{ width: 140 }} onChange={(v) => go(org, v)} options={months.map((m) => ({ value: m, label: ymLabel(m) }))} />
          <Button href={exportUrl(s.org.code, ym)}>导出 Excel</Button>
          <Link to="/definitions">指标口径</Link>
        </Space>
      </Flex>
      <Row gutter={[12, 12]}>
        {definitions.data.items.map((def) => (
          <Col key={def.code} xs={24} sm={12} md={8} xl={6} xxl={4}>
            <KpiCard def={def} value={values.get(def.code)} active={def.code === selected} onSelect={() => setSelected(def.code)} org={s.org.code} ym={ym} />
          </Col>
        ))}
      </Row>
      {selectedDef && values.get(selected)?.noSource ? (
        <Alert type="info" showIcon title={`${selectedDef.name}：暂无数据源`} description={selectedDef.definition} />
      ) : selectedDef ? (
        <TrendAndRanking org={s.org.code} ym={ym} def={selectedDef} />
      ) : null}
      {s.children.length > 0 ? (
        <Card size="small" title="下级单位">
          <UnitTable summary={s} defs={defs} ym={ym} />
        </Card>
      ) : null}
    </Flex>
  );
}
