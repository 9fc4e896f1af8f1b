import { z } from 'zod';
import { pageParams } from './page.ts';

/**
 * The `indicators` service (v1, `/api/svc/indicators/v1/...`): 营销运营监测 (issue 15, docs/adr/0047). Facts by org
 * unit × day are kept by consumers of the domain-event stream; indicators are computed from them at read time.
 * Data scope: resource type `ind` on the org path (a 供电所 manager sees his 供电所 only).
 */
export const INDICATORS_SERVICE = { name: 'indicators', major: 1 } as const;
export const INDICATORS_RESOURCE_TYPE = 'ind';
/** 运营监测: indicators, drill-down, export, 大屏. */
export const OPS_INDICATOR_VIEW = 'ops:indicator:view';
/** Targets (red/amber/green thresholds) and the rebuild of the facts. */
export const OPS_INDICATOR_MANAGE = 'ops:indicator:manage';

/** Indicator codes. */
export const INDICATOR_CODES = [
  'YK_ONTIME',
  'YK_DURATION',
  'YK_OVERDUE',
  'TK_TIMELY',
  'TK_ARRIVE',
  'TK_COMPLAINT',
  'TK_SATISFACTION',
  'BILL_RECOVERY',
  'BILL_ARREARS',
  'BILL_RESTORE',
  'BILL_READ',
  'BILL_READ_ERROR',
  'LINE_LOSS',
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];
export const indicatorCodeSchema = z.enum(INDICATOR_CODES, '指标编码不存在');

export type IndicatorUnit = 'percent' | 'workdays' | 'count' | 'per10k' | 'yuan';
export type TrafficLight = 'GREEN' | 'AMBER' | 'RED' | 'NONE';

/** The `n` months (`YYYYMM`) ending with `ym`, oldest first. */
export function monthsUpTo(ym: string, n: number): string[] {
  const out: string[] = [];
  let y = Number(ym.slice(0, 4));
  let m = Number(ym.slice(4));
  for (let i = 0; i < n; i++) {
    out.unshift(`${y}${String(m).padStart(2, '0')}`);
    m--;
    if (m === 0) {
      m = 12;
      y--;
    }
  }
  return out;
}

export const ymQuerySchema = z.string('请填写年月').regex(/^(19|20)\d{2}(0[1-9]|1[0-2])$/, '年月格式应为 YYYYMM');
export const orgCodeQuerySchema = z.string('请选择单位').regex(/^[0-9]{1,20}$/, '单位编码应为数字');

/** Definition (口径) of one indicator. */
export interface IndicatorDefinition {
  code: IndicatorCode;
  name: string;
  unit: IndicatorUnit;
  /** 口径: numerator, denominator, period, source, exclusions. */
  definition: string;
  /** Which domain feeds it; null: no source yet (shown as 暂无数据源). */
  source: 'connection' | 'ticket' | 'billing' | null;
  sourceName: string;
  higherIsBetter: boolean;
  /** Real-time (at the moment of reading) rather than for a month. */
  realtime: boolean;
  /** Items behind the figure can be listed (drill-down). */
  drillable: boolean;
}

export interface IndicatorTarget {
  code: IndicatorCode;
  green: number;
  amber: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** A value: null with `noSource` when no domain feeds it, null without it when there is nothing to count. */
export interface IndicatorValue {
  code: IndicatorCode;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  light: TrafficLight;
  noSource: boolean;
  /** Breakdown (平均接电时长 by category, 欠费余额 by age band). */
  parts?: Array<{ label: string; value: number | null; count?: number; target?: number }>;
}

export interface OrgNode {
  code: string;
  name: string;
  type: string;
  path: string;
  hasChildren: boolean;
}

export interface IndicatorSummary {
  ym: string;
  org: OrgNode;
  /** Path from the top of the caller's scope to `org` (breadcrumb). */
  trail: OrgNode[];
  values: IndicatorValue[];
  children: Array<{ org: OrgNode; values: IndicatorValue[] }>;
  computedAt: string;
}

export interface IndicatorTrend {
  code: IndicatorCode;
  org: OrgNode;
  points: Array<{ ym: string; value: number | null; light: TrafficLight }>;
}

export interface IndicatorRanking {
  code: IndicatorCode;
  ym: string;
  items: Array<{ rank: number; org: OrgNode; value: number | null; light: TrafficLight }>;
}

export interface IndicatorItem {
  kind: 'yk' | 'ticket' | 'order';
  key: string;
  title: string;
  orgName: string;
  day: string | null;
  detail: string;
  /** Where it opens: an absolute workbench path (`/app/new-connection/applications/YK…`). */
  link: string;
}

export interface IndicatorItemPage {
  items: IndicatorItem[];
  total: number;
  page: number;
  pageSize: number;
}

export const summaryQuerySchema = z.strictObject({ org: orgCodeQuerySchema.optional(), ym: ymQuerySchema.optional() });
export const trendQuerySchema = z.strictObject({ org: orgCodeQuerySchema.optional(), ym: ymQuerySchema.optional(), code: indicatorCodeSchema });
export const rankingQuerySchema = trendQuerySchema;
export const itemsQuerySchema = z.strictObject({
  org: orgCodeQuerySchema.optional(),
  ym: ymQuerySchema.optional(),
  code: indicatorCodeSchema,
  ...pageParams(20, 200),
});
export const exportQuerySchema = summaryQuerySchema;
export const targetParamsSchema = z.strictObject({ code: indicatorCodeSchema });
export const targetBodySchema = z
  .strictObject({
    green: z.number('请填写绿灯阈值').finite('阈值应为数字').min(0, '阈值不能为负').max(1_000_000_000, '阈值过大'),
    amber: z.number('请填写黄灯阈值').finite('阈值应为数字').min(0, '阈值不能为负').max(1_000_000_000, '阈值过大'),
  });

export type SummaryQuery = z.infer<typeof summaryQuerySchema>;
export type TargetBody = z.infer<typeof targetBodySchema>;

/** 大屏 payload: the city (or the caller's top unit) now, with a short feed of recent events. */
export interface ScreenData {
  ym: string;
  org: OrgNode;
  values: IndicatorValue[];
  units: Array<{ org: OrgNode; values: IndicatorValue[] }>;
  trend: Array<{ ym: string; values: Partial<Record<IndicatorCode, number | null>> }>;
  recent: Array<{ at: string; text: string }>;
  computedAt: string;
}

/** The traffic light of a value against its target (`green`, `amber` thresholds), in the indicator's direction. */
export function lightOf(value: number | null, target: { green: number; amber: number } | undefined, higherIsBetter: boolean): TrafficLight {
  if (value === null || !target) return 'NONE';
  if (higherIsBetter) return value >= target.green ? 'GREEN' : value >= target.amber ? 'AMBER' : 'RED';
  return value <= target.green ? 'GREEN' : value <= target.amber ? 'AMBER' : 'RED';
}

/** Formats a value for display in its unit. */
export function formatIndicator(value: number | null, unit: IndicatorUnit): string {
  if (value === null) return '—';
  switch (unit) {
    case 'percent':
      return `${value.toFixed(2)}%`;
    case 'workdays':
      return `${value.toFixed(1)} 工作日`;
    case 'count':
      return `${Math.round(value)}`;
    case 'per10k':
      return `${value.toFixed(2)} 件/万户`;
    case 'yuan':
      return `${(value / 10_000).toFixed(2)} 万元`;
  }
}

// ---- 营业厅自助终端 (the kiosk channel, ADR 0061) -------------------------------------------------------------------
/**
 * What a 营业厅's self-service screen shows customers without a login of their own (the terminal's account holds
 * this permission): current and planned 停电信息, the 电价 catalogue, an 业扩 application's progress by its number and
 * the last 4 digits of the phone it was registered with.
 */
export const OPS_KIOSK_VIEW = 'ops:kiosk:view';

export interface KioskOutage {
  id: string;
  kindName: string;
  status: 'PLANNED' | 'ACTIVE';
  statusName: string;
  orgUnitName: string;
  area: string;
  startAt: string;
  endAt: string;
  reason: string;
}

export interface KioskTariff {
  code: string;
  name: string;
  /** Price lines in 元/kWh (or 元/kVA·月, 元/kW·月), as printed on the notice. */
  lines: Array<{ label: string; price: string }>;
  note: string;
}

export interface KioskApplication {
  appNo: string;
  busiType: string;
  statusName: string;
  currentStep: string | null;
  acceptedAt: string;
  steps: Array<{ name: string; doneAt: string | null }>;
}

export const kioskApplicationParamsSchema = z.strictObject({
  appNo: z.string('请填写申请编号').regex(/^[0-9A-Za-z-]{6,32}$/, '申请编号格式不正确'),
});
export const kioskApplicationQuerySchema = z.strictObject({
  phone4: z.string('请填写登记手机号后 4 位').regex(/^[0-9]{4}$/, '请填写登记手机号后 4 位数字'),
});
