/**
 * The indicators and their 口径 (research §C6; ADR 0047), default targets, and the arithmetic from summed facts.
 */
import { lightOf, type IndicatorCode, type IndicatorDefinition, type IndicatorValue } from '@wb/contracts/indicators';
import { YK_CATEGORY_LABELS, YK_COMMITMENT_DAYS } from './facts.ts';

export const DEFINITIONS: readonly IndicatorDefinition[] = [
  { code: 'YK_ONTIME', name: '业扩时限达标率', unit: 'percent', source: 'connection', sourceName: '业扩报装', higherIsBetter: true, realtime: false, drillable: true,
    definition: '当期完成装表接电的业扩申请中，受理至装表接电的工作日数（按工作日历扣除节假日，扣除客户原因暂停期间）不超过承诺时限（低压居民 5、低压非居民 6、高压单电源 22、高压双电源 32 个工作日）的户数 ÷ 当期装表接电户数 × 100%。按装表接电完成日所在月统计，归属受理供电所。' },
  { code: 'YK_DURATION', name: '平均接电时长', unit: 'workdays', source: 'connection', sourceName: '业扩报装', higherIsBetter: false, realtime: false, drillable: true,
    definition: 'Σ(装表接电日 − 受理日，工作日，扣除客户原因暂停) ÷ 当期装表接电户数，分低压居民 / 低压非居民 / 高压单电源 / 高压双电源四类，与承诺时限对照。' },
  { code: 'YK_OVERDUE', name: '业扩在途超期数', unit: 'count', source: 'connection', sourceName: '业扩报装', higherIsBetter: false, realtime: true, drillable: true,
    definition: '此刻在途（未暂停）且已超过全流程时限的业扩申请数。暂停中的申请时钟停止，不计超期。实时值，不随所选月份变化。' },
  { code: 'TK_TIMELY', name: '工单及时率', unit: 'percent', source: 'ticket', sourceName: '95598 客服工单', higherIsBetter: true, realtime: false, drillable: true,
    definition: '当期办结时限（回单）停表的工单中，停表时刻不晚于时限的工单数 ÷ 当期停表工单数 × 100%。时限按工单类型配置（工作日按工作日历）。按停表日统计，归属处理供电所。' },
  { code: 'TK_ARRIVE', name: '抢修到达及时率', unit: 'percent', source: 'ticket', sourceName: '95598 客服工单', higherIsBetter: true, realtime: false, drillable: true,
    definition: '当期到达现场的故障报修工单中，到达时间不晚于到达时限（城区 45、农村 90、特殊边远 120 分钟，可配置）的工单数 ÷ 当期到达现场的抢修工单数 × 100%。' },
  { code: 'TK_COMPLAINT', name: '投诉率（万户）', unit: 'per10k', source: 'ticket', sourceName: '95598 客服工单', higherIsBetter: false, realtime: false, drillable: true,
    definition: '当期受理的投诉工单数 ÷ 在册户数 × 10000。在册户数为电费账务的在册用户数（当前值）。' },
  { code: 'TK_SATISFACTION', name: '回访满意率', unit: 'percent', source: 'ticket', sourceName: '95598 客服工单', higherIsBetter: true, realtime: false, drillable: true,
    definition: '当期回访成功（满意、基本满意、不满意）的工单中，回访结果为“满意”的工单数 ÷ 回访成功工单数 × 100%。无法联系不计入分母。按办结日统计。' },
  { code: 'BILL_RECOVERY', name: '电费回收率', unit: 'percent', source: 'billing', sourceName: '电费账务', higherIsBetter: true, realtime: false, drillable: false,
    definition: '应收年月为当期的电费：实收电费（已销账本金，不含违约金）÷ 应收电费 × 100%。按当前销账情况计算。' },
  { code: 'BILL_ARREARS', name: '欠费余额', unit: 'yuan', source: 'billing', sourceName: '电费账务', higherIsBetter: false, realtime: false, drillable: false,
    definition: '应收年月不晚于当期的电费中尚未结清的本金合计（元，不含违约金），按账龄分段：当月、1–3 个月、4–12 个月、12 个月以上。' },
  { code: 'BILL_RESTORE', name: '复电及时率', unit: 'percent', source: 'billing', sourceName: '电费账务', higherIsBetter: true, realtime: false, drillable: true,
    definition: '当期恢复送电的复电工单中，在时限（缴清后 24 小时）内恢复送电的工单数 ÷ 当期恢复送电的复电工单数 × 100%。远程复电失败转现场复电的，以现场复电完成时间计（恢复送电前不计入）；因缴费冲正撤销的复电工单不计入。' },
  { code: 'BILL_READ', name: '抄表率', unit: 'percent', source: 'billing', sourceName: '电费账务', higherIsBetter: true, realtime: false, drillable: false,
    definition: '用电年月为当期的抄表示数条数（采集、人工、估抄）÷ 在册户数 × 100%。' },
  { code: 'BILL_READ_ERROR', name: '抄表差错率', unit: 'percent', source: 'billing', sourceName: '电费账务', higherIsBetter: false, realtime: false, drillable: false,
    definition: '用电年月为当期的抄表示数中，复核标记异常（零度、突变、反走、估抄）的条数 ÷ 抄表示数条数 × 100%。' },
  { code: 'LINE_LOSS', name: '线损率', unit: 'percent', source: null, sourceName: '采集与线损（尚未接入）', higherIsBetter: false, realtime: false, drillable: false,
    definition: '(供电量 − 售电量) ÷ 供电量 × 100%。供电量来自用电信息采集系统，尚未接入本平台，因此显示“暂无数据源”。' },
];

export const DEFINITION_BY_CODE = new Map(DEFINITIONS.map((d) => [d.code, d]));

/** Default thresholds: higher-is-better → green ≥ g, amber ≥ a; lower-is-better → green ≤ g, amber ≤ a. */
export const DEFAULT_TARGETS: Readonly<Record<IndicatorCode, { green: number; amber: number }>> = {
  YK_ONTIME: { green: 95, amber: 90 },
  YK_DURATION: { green: 5, amber: 8 },
  YK_OVERDUE: { green: 0, amber: 3 },
  TK_TIMELY: { green: 98, amber: 95 },
  TK_ARRIVE: { green: 98, amber: 95 },
  TK_COMPLAINT: { green: 1, amber: 2 },
  TK_SATISFACTION: { green: 95, amber: 90 },
  BILL_RECOVERY: { green: 99, amber: 97 },
  BILL_ARREARS: { green: 100_000, amber: 300_000 },
  BILL_RESTORE: { green: 99, amber: 95 },
  BILL_READ: { green: 99, amber: 98 },
  BILL_READ_ERROR: { green: 0.5, amber: 1 },
  LINE_LOSS: { green: 5, amber: 7 },
};

/** Sums of one org (and period) the values are computed from. */
export interface FactSums {
  /** metric → sum over the period. */
  period: ReadonlyMap<string, number>;
  /** 欠费 (bill.owe, 分) by 应收年月 up to the period. */
  oweByYm: ReadonlyMap<string, number>;
  /** 在册户数. */
  accounts: number;
  /** Open applications past their due time now. */
  overdue: number;
}

const ratio = (num: number, den: number, scale = 100): number | null => (den > 0 ? Math.round((num / den) * scale * 10_000) / 10_000 : null);

function monthsBetween(ym: string, older: string): number {
  return (Number(ym.slice(0, 4)) - Number(older.slice(0, 4))) * 12 + Number(ym.slice(4)) - Number(older.slice(4));
}

/** The value of one indicator from the sums; `available` lists the sources that exist. */
export function computeValue(code: IndicatorCode, s: FactSums, ym: string, available: ReadonlySet<string>, targets: ReadonlyMap<string, { green: number; amber: number }>): IndicatorValue {
  const def = DEFINITION_BY_CODE.get(code) as IndicatorDefinition;
  const get = (m: string): number => s.period.get(m) ?? 0;
  const out = (numerator: number | null, denominator: number | null, value: number | null, parts?: IndicatorValue['parts']): IndicatorValue => ({
    code, value, numerator, denominator, light: lightOf(value, targets.get(code), def.higherIsBetter), noSource: false, ...(parts ? { parts } : {}),
  });
  if (!def.source || !available.has(def.source)) return { code, value: null, numerator: null, denominator: null, light: 'NONE', noSource: true };
  switch (code) {
    case 'YK_ONTIME':
      return out(get('yk.connected_ontime'), get('yk.connected'), ratio(get('yk.connected_ontime'), get('yk.connected')));
    case 'YK_DURATION': {
      const variants = Object.keys(YK_COMMITMENT_DAYS);
      const days = variants.reduce((t, v) => t + get(`yk.connect_wd.${v}`), 0);
      const parts = variants.map((v) => ({
        label: YK_CATEGORY_LABELS[v] as string,
        value: ratio(get(`yk.connect_wd.${v}`), get(`yk.connected.${v}`), 1),
        count: get(`yk.connected.${v}`),
        target: YK_COMMITMENT_DAYS[v] as number,
      }));
      return out(days, get('yk.connected'), ratio(days, get('yk.connected'), 1), parts);
    }
    case 'YK_OVERDUE':
      return out(s.overdue, null, s.overdue);
    case 'TK_TIMELY':
      return out(get('tk.finish_ontime'), get('tk.finish'), ratio(get('tk.finish_ontime'), get('tk.finish')));
    case 'TK_ARRIVE':
      return out(get('tk.arrive_ontime'), get('tk.arrive'), ratio(get('tk.arrive_ontime'), get('tk.arrive')));
    case 'TK_COMPLAINT':
      return out(get('tk.complaint'), s.accounts, ratio(get('tk.complaint'), s.accounts, 10_000));
    case 'TK_SATISFACTION':
      return out(get('tk.revisit_satisfied'), get('tk.revisit'), ratio(get('tk.revisit_satisfied'), get('tk.revisit')));
    case 'BILL_RECOVERY':
      return out(get('bill.rcved') / 100, get('bill.rcvbl') / 100, ratio(get('bill.rcved'), get('bill.rcvbl')));
    case 'BILL_ARREARS': {
      const bands = [
        { label: '当月', min: 0, max: 0 },
        { label: '1–3 个月', min: 1, max: 3 },
        { label: '4–12 个月', min: 4, max: 12 },
        { label: '12 个月以上', min: 13, max: Infinity },
      ].map((b) => ({ label: b.label, value: 0, min: b.min, max: b.max }));
      let total = 0;
      for (const [owedYm, fen] of s.oweByYm) {
        const age = monthsBetween(ym, owedYm);
        if (age < 0) continue;
        total += fen;
        const band = bands.find((b) => age >= b.min && age <= b.max);
        if (band) band.value += fen;
      }
      return out(total / 100, null, total / 100, bands.map((b) => ({ label: b.label, value: b.value / 100 })));
    }
    case 'BILL_RESTORE':
      return out(get('bill.restore_ontime'), get('bill.restore'), ratio(get('bill.restore_ontime'), get('bill.restore')));
    case 'BILL_READ':
      return out(get('bill.read'), s.accounts, ratio(get('bill.read'), s.accounts));
    case 'BILL_READ_ERROR':
      return out(get('bill.read_err'), get('bill.read'), ratio(get('bill.read_err'), get('bill.read')));
    case 'LINE_LOSS':
      return { code, value: null, numerator: null, denominator: null, light: 'NONE', noSource: true };
  }
}
