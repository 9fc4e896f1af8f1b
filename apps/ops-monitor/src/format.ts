import { formatDate } from '@wb/sdk/react';
import { indicatorParts, monthsUpTo, type IndicatorDefinition, type IndicatorValue, type TrafficLight } from '@wb/contracts/indicators';

export const LIGHT_COLORS: Record<TrafficLight, string> = { GREEN: '#389e0d', AMBER: '#d48806', RED: '#cf1322', NONE: '#8c8c8c' };
export const LIGHT_LABELS: Record<TrafficLight, string> = { GREEN: '达标', AMBER: '预警', RED: '未达标', NONE: '—' };

export function valueText(v: IndicatorValue | undefined, def: IndicatorDefinition | undefined): string {
  const { figure, unit } = valueParts(v, def);
  return unit ? `${figure} ${unit}` : figure;
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
