import { z } from 'zod';
import { pageOf, pageParams } from './page.ts';

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

export const indicatorUnitSchema = z.enum(['percent', 'workdays', 'count', 'per10k', 'yuan']);
export type IndicatorUnit = z.infer<typeof indicatorUnitSchema>;
export const trafficLightSchema = z.enum(['GREEN', 'AMBER', 'RED', 'NONE']);
export type TrafficLight = z.infer<typeof trafficLightSchema>;

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

// The answers of the service, checked by the app's client as they arrive (the mock answers the same shapes:
// services/src/indicators/contract.test.ts parses both with these).

/** Definition (口径) of one indicator. */
export const indicatorDefinitionSchema = z.object({
  code: indicatorCodeSchema,
  name: z.string(),
  unit: indicatorUnitSchema,
  /** 口径: numerator, denominator, period, source, exclusions. */
  definition: z.string(),
  /** Which domain feeds it; null: no source yet (shown as 暂无数据源). */
  source: z.enum(['connection', 'ticket', 'billing']).nullable(),
  sourceName: z.string(),
  higherIsBetter: z.boolean(),
  /** Real-time (at the moment of reading) rather than for a month. */
  realtime: z.boolean(),
  /** Items behind the figure can be listed (drill-down). */
  drillable: z.boolean(),
  /** What it means when a period has no figure (nothing to count), in the user's words: shown beside 无数据. */
  empty: z.string(),
});
export type IndicatorDefinition = z.infer<typeof indicatorDefinitionSchema>;
export const indicatorDefinitionListSchema = z.object({ items: z.array(indicatorDefinitionSchema) });

/**
 * The indicators and their 口径 (research §C6; ADR 0047): the service computes them, its mock and 运营监测 read the
 * same words.
 */
export const INDICATOR_DEFINITIONS: readonly IndicatorDefinition[] = [
  { code: 'YK_ONTIME', name: '业扩时限达标率', unit: 'percent', source: 'connection', sourceName: '业扩报装', higherIsBetter: true, realtime: false, drillable: true,
    definition: '当期完成装表接电的业扩申请中，受理至装表接电的工作日数（按工作日历扣除节假日，扣除客户原因暂停期间）不超过承诺时限（低压居民 5、低压非居民 6、高压单电源 22、高压双电源 32 个工作日）的户数 ÷ 当期装表接电户数 × 100%。按装表接电完成日所在月统计，归属受理供电所。',
    empty: '本期无装表接电的申请' },
  { code: 'YK_DURATION', name: '平均接电时长', unit: 'workdays', source: 'connection', sourceName: '业扩报装', higherIsBetter: false, realtime: false, drillable: true,
    definition: 'Σ(装表接电日 − 受理日，工作日，扣除客户原因暂停) ÷ 当期装表接电户数，分低压居民 / 低压非居民 / 高压单电源 / 高压双电源四类，与承诺时限对照。',
    empty: '本期无装表接电的申请' },
  { code: 'YK_OVERDUE', name: '业扩在途超期数', unit: 'count', source: 'connection', sourceName: '业扩报装', higherIsBetter: false, realtime: true, drillable: true,
    definition: '此刻在途（未暂停）且已超过全流程时限的业扩申请数。暂停中的申请时钟停止，不计超期。实时值，不随所选月份变化。',
    empty: '此刻无在途申请' },
  { code: 'TK_TIMELY', name: '工单及时率', unit: 'percent', source: 'ticket', sourceName: '95598 客服工单', higherIsBetter: true, realtime: false, drillable: true,
    definition: '当期办结时限（回单）停表的工单中，停表时刻不晚于时限的工单数 ÷ 当期停表工单数 × 100%。时限按工单类型配置（工作日按工作日历）。按停表日统计，归属处理供电所。',
    empty: '本期无停表的工单' },
  { code: 'TK_ARRIVE', name: '抢修到达及时率', unit: 'percent', source: 'ticket', sourceName: '95598 客服工单', higherIsBetter: true, realtime: false, drillable: true,
    definition: '当期到达现场的故障报修工单中，到达时间不晚于到达时限（城区 45、农村 90、特殊边远 120 分钟，可配置）的工单数 ÷ 当期到达现场的抢修工单数 × 100%。',
    empty: '本期无到达现场的抢修工单' },
  { code: 'TK_COMPLAINT', name: '投诉率（万户）', unit: 'per10k', source: 'ticket', sourceName: '95598 客服工单', higherIsBetter: false, realtime: false, drillable: true,
    definition: '当期受理的投诉工单数 ÷ 在册户数 × 10000。在册户数为电费账务的在册用户数（当前值）。',
    empty: '无在册户数' },
  { code: 'TK_SATISFACTION', name: '回访满意率', unit: 'percent', source: 'ticket', sourceName: '95598 客服工单', higherIsBetter: true, realtime: false, drillable: true,
    definition: '当期回访成功（满意、基本满意、不满意）的工单中，回访结果为“满意”的工单数 ÷ 回访成功工单数 × 100%。无法联系不计入分母。按办结日统计。',
    empty: '本期无回访成功的工单' },
  { code: 'BILL_RECOVERY', name: '电费回收率', unit: 'percent', source: 'billing', sourceName: '电费账务', higherIsBetter: true, realtime: false, drillable: false,
    definition: '应收年月为当期的电费：实收电费（已销账本金，不含违约金）÷ 应收电费 × 100%。按当前销账情况计算。',
    empty: '本期尚无应收电费（发行后统计）' },
  { code: 'BILL_ARREARS', name: '欠费余额', unit: 'yuan', source: 'billing', sourceName: '电费账务', higherIsBetter: false, realtime: false, drillable: false,
    definition: '应收年月不晚于当期的电费中尚未结清的本金合计（元，不含违约金），按账龄分段：当月、1–3 个月、4–12 个月、12 个月以上。',
    empty: '无欠费数据' },
  { code: 'BILL_RESTORE', name: '复电及时率', unit: 'percent', source: 'billing', sourceName: '电费账务', higherIsBetter: true, realtime: false, drillable: true,
    definition: '当期恢复送电的复电工单中，在时限（缴清后 24 小时）内恢复送电的工单数 ÷ 当期恢复送电的复电工单数 × 100%。远程复电失败转现场复电的，以现场复电完成时间计（恢复送电前不计入）；因缴费冲正撤销的复电工单不计入。',
    empty: '本期无恢复送电的复电工单' },
  { code: 'BILL_READ', name: '抄表率', unit: 'percent', source: 'billing', sourceName: '电费账务', higherIsBetter: true, realtime: false, drillable: false,
    definition: '用电年月为当期的抄表示数条数（采集、人工、估抄）÷ 在册户数 × 100%。',
    empty: '无在册户数' },
  { code: 'BILL_READ_ERROR', name: '抄表差错率', unit: 'percent', source: 'billing', sourceName: '电费账务', higherIsBetter: false, realtime: false, drillable: false,
    definition: '用电年月为当期的抄表示数中，复核标记异常（零度、突变、反走、估抄）的条数 ÷ 抄表示数条数 × 100%。',
    empty: '本期尚无抄表示数' },
  { code: 'LINE_LOSS', name: '线损率', unit: 'percent', source: null, sourceName: '采集与线损（尚未接入）', higherIsBetter: false, realtime: false, drillable: false,
    definition: '(供电量 − 售电量) ÷ 供电量 × 100%。供电量来自用电信息采集系统，尚未接入本平台，因此显示“暂无数据源”。',
    empty: '采集系统接入后统计' },
];

export interface IndicatorTarget {
  code: IndicatorCode;
  green: number;
  amber: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** A value: null with `noSource` when no domain feeds it, null without it when there is nothing to count. */
export const indicatorValueSchema = z.object({
  code: indicatorCodeSchema,
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  light: trafficLightSchema,
  noSource: z.boolean(),
  /** Breakdown (平均接电时长 by category, 欠费余额 by age band). */
  parts: z.array(z.object({ label: z.string(), value: z.number().nullable(), count: z.number().optional(), target: z.number().optional() })).optional(),
});
export type IndicatorValue = z.infer<typeof indicatorValueSchema>;

export const orgNodeSchema = z.object({ code: z.string(), name: z.string(), type: z.string(), path: z.string(), hasChildren: z.boolean() });
export type OrgNode = z.infer<typeof orgNodeSchema>;

const unitValuesSchema = z.object({ org: orgNodeSchema, values: z.array(indicatorValueSchema) });

export const indicatorSummarySchema = z.object({
  ym: z.string(),
  org: orgNodeSchema,
  /** Path from the top of the caller's scope to `org` (breadcrumb). */
  trail: z.array(orgNodeSchema),
  values: z.array(indicatorValueSchema),
  children: z.array(unitValuesSchema),
  computedAt: z.string(),
});
export type IndicatorSummary = z.infer<typeof indicatorSummarySchema>;

export const indicatorTrendSchema = z.object({
  code: indicatorCodeSchema,
  org: orgNodeSchema,
  points: z.array(z.object({ ym: z.string(), value: z.number().nullable(), light: trafficLightSchema })),
});
export type IndicatorTrend = z.infer<typeof indicatorTrendSchema>;

export const indicatorRankingSchema = z.object({
  code: indicatorCodeSchema,
  ym: z.string(),
  items: z.array(z.object({ rank: z.number(), org: orgNodeSchema, value: z.number().nullable(), light: trafficLightSchema })),
});
export type IndicatorRanking = z.infer<typeof indicatorRankingSchema>;

export const indicatorItemSchema = z.object({
  kind: z.enum(['yk', 'ticket', 'order']),
  key: z.string(),
  title: z.string(),
  orgName: z.string(),
  day: z.string().nullable(),
  detail: z.string(),
  /** Where it opens: an absolute workbench path (`/app/new-connection/applications/YK…`). */
  link: z.string(),
});
export type IndicatorItem = z.infer<typeof indicatorItemSchema>;

export const indicatorItemPageSchema = pageOf(indicatorItemSchema);
export type IndicatorItemPage = z.infer<typeof indicatorItemPageSchema>;

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
export const screenDataSchema = z.object({
  ym: z.string(),
  org: orgNodeSchema,
  values: z.array(indicatorValueSchema),
  units: z.array(unitValuesSchema),
  trend: z.array(z.object({ ym: z.string(), values: z.partialRecord(indicatorCodeSchema, z.number().nullable()) })),
  recent: z.array(z.object({ at: z.string(), text: z.string() })),
  computedAt: z.string(),
});
export type ScreenData = z.infer<typeof screenDataSchema>;

/** The traffic light of a value against its target (`green`, `amber` thresholds), in the indicator's direction. */
export function lightOf(value: number | null, target: { green: number; amber: number } | undefined, higherIsBetter: boolean): TrafficLight {
  if (value === null || !target) return 'NONE';
  if (higherIsBetter) return value >= target.green ? 'GREEN' : value >= target.amber ? 'AMBER' : 'RED';
  return value <= target.green ? 'GREEN' : value <= target.amber ? 'AMBER' : 'RED';
}

/** A value for display: its figure and its unit apart (a 大屏 tile sets the unit smaller); `%` stays with the figure. */
export function indicatorParts(value: number, unit: IndicatorUnit): { figure: string; unit: string } {
  switch (unit) {
    case 'percent':
      return { figure: `${value.toFixed(2)}%`, unit: '' };
    case 'workdays':
      return { figure: value.toFixed(1), unit: '工作日' };
    case 'count':
      return { figure: `${Math.round(value)}`, unit: '' };
    case 'per10k':
      return { figure: value.toFixed(2), unit: '件/万户' };
    case 'yuan':
      return { figure: (value / 10_000).toFixed(2), unit: '万元' };
  }
}

/** Formats a value for display in its unit. */
export function formatIndicator(value: number | null, unit: IndicatorUnit): string {
  if (value === null) return '—';
  const parts = indicatorParts(value, unit);
  return parts.unit ? `${parts.figure} ${parts.unit}` : parts.figure;
}

// ---- 营业厅自助终端 (the kiosk channel, ADR 0061) -------------------------------------------------------------------
/**
 * What a 营业厅's self-service screen shows customers without a login of their own (the terminal's account holds
 * this permission): current and planned 停电信息, the 电价 catalogue, an 业扩 application's progress by its number and
 * the last 4 digits of the phone it was registered with.
 */
export const OPS_KIOSK_VIEW = 'ops:kiosk:view';

export const kioskOutageSchema = z.object({
  id: z.string(),
  kindName: z.string(),
  status: z.enum(['PLANNED', 'ACTIVE']),
  statusName: z.string(),
  orgUnitName: z.string(),
  area: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  reason: z.string(),
});
export type KioskOutage = z.infer<typeof kioskOutageSchema>;
export const kioskOutageListSchema = z.object({ items: z.array(kioskOutageSchema) });

export const kioskTariffSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** Price lines in 元/kWh (or 元/kVA·月, 元/kW·月), as printed on the notice. */
  lines: z.array(z.object({ label: z.string(), price: z.string() })),
  note: z.string(),
});
export type KioskTariff = z.infer<typeof kioskTariffSchema>;
export const kioskTariffListSchema = z.object({ items: z.array(kioskTariffSchema) });

export const kioskApplicationSchema = z.object({
  appNo: z.string(),
  busiType: z.string(),
  statusName: z.string(),
  currentStep: z.string().nullable(),
  acceptedAt: z.string(),
  steps: z.array(z.object({ name: z.string(), doneAt: z.string().nullable() })),
});
export type KioskApplication = z.infer<typeof kioskApplicationSchema>;

export const kioskApplicationParamsSchema = z.strictObject({
  appNo: z.string('请填写申请编号').regex(/^[0-9A-Za-z-]{6,32}$/, '申请编号格式不正确'),
});
export const kioskApplicationQuerySchema = z.strictObject({
  phone4: z.string('请填写登记手机号后 4 位').regex(/^[0-9]{4}$/, '请填写登记手机号后 4 位数字'),
});
