import { Flex, Skeleton, Statistic, Typography } from 'antd';
import type { IndicatorCode } from '@wb/contracts/indicators';
import { Link } from '@wb/sdk/react';
import { useDefinitions, useSummary } from '../api/indicators.ts';
import { LIGHT_COLORS, NO_SOURCE_COLOR, valueText } from '../format.ts';

const KEY_CODES: IndicatorCode[] = ['YK_ONTIME', 'YK_OVERDUE', 'TK_TIMELY', 'BILL_RECOVERY'];

/** 本单位关键指标 (home widget, ADR 0014): the manager's unit (the top of his data scope), this month. */
export function UnitKpiWidget() {
  const summary = useSummary(undefined, undefined);
  const defs = useDefinitions();
  if (summary.error) return <Typography.Text type="danger">{summary.error.message}</Typography.Text>;
  if (!summary.data || !defs.data) return <Skeleton active paragraph={{ rows: 1 }} />;
  const byCode = new Map(defs.data.items.map((d) => [d.code, d]));
  const values = new Map(summary.data.values.map((v) => [v.code, v]));
  return (
    <Flex vertical gap={8} data-testid="ops-unit-kpis">
      <Typography.Text type="secondary">{summary.data.org.name} · 本月</Typography.Text>
      <Flex gap={24} wrap>
        {KEY_CODES.map((code) => {
          const v = values.get(code);
          return (
            <Statistic
              key={code}
              title={byCode.get(code)?.name ?? code}
              value={valueText(v, byCode.get(code))}
              valueStyle={{ fontSize: 20, color: v?.noSource ? NO_SOURCE_COLOR : LIGHT_COLORS[v?.light ?? 'NONE'] }}
            />
          );
        })}
      </Flex>
      <Link to="">进入运营监测</Link>
    </Flex>
  );
}
