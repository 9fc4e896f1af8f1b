import { formatDate } from '@wb/sdk/react';
import { indicatorParts, monthsUpTo, type IndicatorDefinition, type IndicatorValue, type TrafficLight } from '@wb/contracts/indicators';

/** The lights as text colours on white, each ≥ 4.5:1 (WCAG AA; antd's green-7 and gold-6 were 3.5 and 2.6:1). */
export const LIGHT_COLORS: Record<TrafficLight, string> = { GREEN: '#237804', AMBER: '#ad4e00', RED: '#cf1322', NONE: '#595959' };
/** An indicator without a data source, as text (#595959 on white, 7:1). */
export const NO_SOURCE_COLOR = LIGHT_COLORS.NONE;
export const LIGHT_LABELS: Record<TrafficLight, string> = { GREEN: '达标', AMBER: '预警', RED: '未达标', NONE: '—' };

export function valueText(v: IndicatorValue | undefined, def: IndicatorDefinition | undefined): string {
  const { figure, unit } = valueParts(v, def);
  return unit ? `${figure} ${unit}` : figure;
}

/** What a value that had nothing to count in its period means (the 口径's `empty`); undefined for any other value. */
export function emptyNote(v: IndicatorValue | undefined, def: IndicatorDefinition | undefined): string | undefined {
  return v && !v.noSource && v.value === null ? def?.empty : undefined;
}

/** `valueText` with the figure and its unit apart (a 大屏 tile); a missing value is a figure without a unit. */
export function valueParts(v: IndicatorValue | undefined, def: IndicatorDefinition | undefined): { figure: string; unit: string } {
  if (!v || !def) return { figure: '—', unit: '' };
  if (v.noSource) return { figure: '暂无数据源', unit: '' };
  if (v.value === null) return { figure: '无数据', unit: '' };
  return indicatorParts(v.value, def.unit);
}

export const ymLabel = (ym: string): string => `${ym.slice(0, 4)}年${Number(ym.slice(4))}月`;

/** The last `n` months up to the current one, newest first (`YYYYMM`). */
export function recentMonths(n: number, now = new Date()): string[] {
  // The business's month (Asia/Shanghai), whatever the browser's zone.
  const today = formatDate(now);
  return monthsUpTo(`${today.slice(0, 4)}${today.slice(5, 7)}`, n).reverse();
}
