/**
 * The indicators' default targets and the arithmetic from summed facts; their 口径 (research §C6; ADR 0047) are
 * contracts' INDICATOR_DEFINITIONS, which the mock and 运营监测 read too.
 */
import { INDICATOR_DEFINITIONS, lightOf, type IndicatorCode, type IndicatorDefinition, type IndicatorValue } from '@wb/contracts/indicators';
import { YK_CATEGORY_LABELS, YK_COMMITMENT_DAYS } from './facts.ts';

export const DEFINITION_BY_CODE = new Map(INDICATOR_DEFINITIONS.map((d) => [d.code, d]));

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
