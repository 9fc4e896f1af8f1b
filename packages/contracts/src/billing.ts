import { z } from 'zod';
import { intParam, text } from './text.ts';

/**
 * The `billing` domain service (v1, `/api/svc/billing/v1/...`): 电费账务 (issue 13, docs/adr/0035-billing-service.md).
 * 抄表 readings → 核算 (a calculation batch of one 应收年月) → 发行 (receivables, idempotent per 户号 and 年月,
 * immutable once issued) → 收费/销账 (counter payments, oldest first with 违约金, overpayment to 预存, 冲正 by a
 * second person) → 欠费台账 by age band → 停电/复电 orders.
 *
 * Money is integer 分 everywhere (`…Fen`); prices are integer 0.0001 元 per kWh (`…E4`), so that a line is
 * `round(kWh × priceE4 / 100)` 分 with no floating point in between. Months are `YYYYMM` strings.
 *
 * Data scope: resource type `bill` on the customer's org path (the 供电所), like the customer archive's `cons`.
 */

export const BILLING_SERVICE = { name: 'billing', major: 1 } as const;
export { DF_BILL_CALC, DF_BILL_VIEW, DF_ORDER_MANAGE, DF_PAY_COLLECT, DF_PAY_REVERSE, DF_READING_ENTER } from './permissions.ts';
export const BILLING_RESOURCE_TYPE = 'bill';

// ---- primitives --------------------------------------------------------------------------------------------------

/** 应收年月 / 用电年月: `YYYYMM`. */
export const ymSchema = z.string('请填写年月').regex(/^(19|20)\d{2}(0[1-9]|1[0-2])$/, '年月格式应为 YYYYMM');
export const consNoParamSchema = z.string('请填写户号').regex(/^[0-9]{10}$/, '户号应为 10 位数字');
/** An org unit code (供电单位编码): digits. */
export const orgUnitCodeSchema = z.string('请选择供电单位').regex(/^[0-9]{1,20}$/, '供电单位编码应为数字');
/** Money in 分: a non-negative safe integer. */
export const fenSchema = z.number('请填写金额').int('金额以分为单位，应为整数').min(0, '金额不能为负').max(1_000_000_000_00, '金额过大');

/** Formats 分 as 元 with two decimals (`12345` → `123.45`), for receipts and labels. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// ---- tariffs -----------------------------------------------------------------------------------------------------

/** 电价类别 of the tariff catalogue (derived from the archive's 用电类别 and 电压等级). */
export const TARIFF_KINDS = { RESIDENT: '居民生活', GENERAL: '一般工商业', LARGE: '大工业', AGRI: '农业生产' } as const;
export type TariffKind = keyof typeof TARIFF_KINDS;
/** 时段 of 分时 prices. */
export const TIME_BANDS = { peak: '峰', flat: '平', valley: '谷' } as const;
export type TimeBand = keyof typeof TIME_BANDS;
/** 力调 standards (功率因数考核标准). */
export const PF_STANDARDS = ['0.90', '0.85', '0.80'] as const;
export type PfStandard = (typeof PF_STANDARDS)[number];

export const bandPricesSchema = z.object({ peak: z.number().int(), flat: z.number().int(), valley: z.number().int() });
export type BandPrices = z.infer<typeof bandPricesSchema>;

/** A fund or surcharge collected with the energy charge, a separate bill line (元/kWh × 1e4). */
export const tariffFundSchema = z.object({ code: z.string(), name: z.string(), priceE4: z.number().int() });
export type TariffFund = z.infer<typeof tariffFundSchema>;

/**
 * One tariff version: `code` (e.g. `RES-LV`), valid from `effectiveYm` until the next version of the code.
 * - 居民 阶梯 (`tiers`): upper bounds of tiers 1 and 2 in kWh per month (or per year, `tierBasis: 'annual'`), the
 *   tier-1 price, and the adders of tiers 2 and 3; with 峰谷 (`touPrices`) the bands are priced and the adders
 *   apply to the tier quantities.
 * - 一般工商业 单一制: `touPrices` by band (or `flatPriceE4`).
 * - 大工业 两部制: `touPrices` plus `capacityFenPerKva` (元/kVA·月 in 分) or `demandFenPerKw` (元/kW·月 in 分), and
 *   the 力调 standard `pfStandard`.
 */
export const tariffSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['RESIDENT', 'GENERAL', 'LARGE', 'AGRI']),
  voltageCodes: z.array(z.string()),
  effectiveYm: ymSchema,
  flatPriceE4: z.number().int().optional(),
  touPrices: bandPricesSchema.optional(),
  tiers: z
    .object({
      basis: z.enum(['monthly', 'annual']),
      bounds: z.tuple([z.number().int(), z.number().int()]),
      addersE4: z.tuple([z.number().int(), z.number().int()]),
    })
    .optional(),
  capacityFenPerKva: z.number().int().optional(),
  demandFenPerKw: z.number().int().optional(),
  pfStandard: z.enum(PF_STANDARDS).optional(),
  funds: z.array(tariffFundSchema),
  /** Seeded values are illustrative, not an official price list. */
  illustrative: z.boolean(),
  source: z.string(),
});
export type Tariff = z.infer<typeof tariffSchema>;

// ---- bills -------------------------------------------------------------------------------------------------------

export const BILL_LINE_KINDS = {
  ENERGY: '电度电费',
  TIER: '阶梯加价',
  BASIC: '基本电费',
  PF_ADJUST: '力调电费',
  FUND: '基金及附加',
} as const;
export const billLineSchema = z.object({
  kind: z.enum(['ENERGY', 'TIER', 'BASIC', 'PF_ADJUST', 'FUND']),
  name: z.string(),
  /** kWh (or kVA / kW for 基本电费); 0 for 力调. */
  quantity: z.number(),
  /** Unit price: 0.0001 元 per unit, 分 per kVA/kW for 基本电费, basis points (0.01 %) for 力调. */
  price: z.number(),
  amountFen: z.number().int(),
});
export type BillLine = z.infer<typeof billLineSchema>;

/** The result of one calculation: lines and total, the power factor for 两部制. */
export const billCalculationSchema = z.object({
  tariffCode: z.string(),
  tariffYm: ymSchema,
  kwh: z.number().int(),
  powerFactor: z.number().nullable(),
  lines: z.array(billLineSchema),
  amountFen: z.number().int(),
});
export type BillCalculation = z.infer<typeof billCalculationSchema>;

/** 费用状态 of a receivable: 未缴 / 部分缴 / 已结清. */
export const RECEIVABLE_STATUSES = { UNPAID: '未缴费', PARTIAL: '部分缴费', PAID: '已结清' } as const;
export type ReceivableStatus = keyof typeof RECEIVABLE_STATUSES;

/** 应收 (after `arc_a_rcvbl_flow`): one per 户号 and 应收年月. */
export const receivableSchema = z.object({
  id: z.string(),
  consNo: z.string(),
  ym: ymSchema,
  orgUnitCode: z.string(),
  tariffCode: z.string(),
  kwh: z.number().int(),
  lines: z.array(billLineSchema),
  amountFen: z.number().int(),
  paidFen: z.number().int(),
  /** 违约金 charged so far (fixed at each payment) and paid. */
  penaltyFen: z.number().int(),
  penaltyPaidFen: z.number().int(),
  /** 违约金 accrued up to today on the open amount, not yet charged (0 when paid or not due). */
  accruedPenaltyFen: z.number().int(),
  dueDate: z.string(),
  status: z.enum(['UNPAID', 'PARTIAL', 'PAID']),
  issuedAt: z.string(),
});
export type Receivable = z.infer<typeof receivableSchema>;

// ---- readings ----------------------------------------------------------------------------------------------------

export const READING_SOURCES = { AMI: '采集', MANUAL: '手工录入', ESTIMATED: '估抄' } as const;
export const READING_EXCEPTIONS = { ZERO: '零度', JUMP: '突增', REVERSE: '倒走', ESTIMATED: '估抄' } as const;
export type ReadingException = keyof typeof READING_EXCEPTIONS;

export const readingSchema = z.object({
  consNo: z.string(),
  ym: ymSchema,
  source: z.enum(['AMI', 'MANUAL', 'ESTIMATED']),
  prevIndex: z.number().int(),
  currIndex: z.number().int(),
  multiplier: z.number().int(),
  kwh: z.number().int(),
  peakKwh: z.number().int(),
  flatKwh: z.number().int(),
  valleyKwh: z.number().int(),
  kvarh: z.number().int(),
  demandKw: z.number().int(),
  exception: z.enum(['ZERO', 'JUMP', 'REVERSE', 'ESTIMATED']).nullable(),
  version: z.number().int(),
});
export type Reading = z.infer<typeof readingSchema>;

/** Manual entry (where 采集 failed): the current index and, for 分时 meters, the band split. */
export const readingEntrySchema = z.object({
  consNo: consNoParamSchema,
  ym: ymSchema,
  currIndex: z.number('请填写本月示数').int('示数应为整数').min(0, '示数不能为负').max(2_000_000_000, '示数过大'),
  peakKwh: z.number().int().min(0).optional(),
  valleyKwh: z.number().int().min(0).optional(),
  kvarh: z.number().int().min(0).optional(),
  demandKw: z.number().int().min(0).optional(),
  estimated: z.boolean().optional(),
});
export type ReadingEntry = z.infer<typeof readingEntrySchema>;

// ---- calculation batches (核算) and 发行 ---------------------------------------------------------------------------

export const BATCH_STATUSES = { CALCULATED: '已核算', ISSUED: '已发行' } as const;
export const calcBatchRequestSchema = z.object({
  ym: ymSchema,
  /** The 供电所 (or county) to calculate; required unless the caller's scope is unrestricted. */
  orgUnitCode: orgUnitCodeSchema.optional(),
});
export type CalcBatchRequest = z.infer<typeof calcBatchRequestSchema>;

export const calcBatchSchema = z.object({
  id: z.string(),
  ym: ymSchema,
  orgUnitCode: z.string().nullable(),
  status: z.enum(['CALCULATED', 'ISSUED']),
  bills: z.number().int(),
  kwh: z.number().int(),
  amountFen: z.number().int(),
  /** 量费审核 exceptions found (negative, jumps, missing readings). */
  exceptions: z.number().int(),
  /** Receivables created by 发行 (0 before; a second 发行 adds none). */
  issued: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  issuedAt: z.string().nullable(),
  version: z.number().int(),
});
export type CalcBatch = z.infer<typeof calcBatchSchema>;

// ---- payments (收费/销账) -----------------------------------------------------------------------------------------

export const PAY_METHODS = { CASH: '现金', CARD: '银行卡', QR: '扫码' } as const;
export const paymentRequestSchema = z.object({
  consNo: consNoParamSchema,
  amountFen: fenSchema.min(1, '缴费金额应大于 0'),
  method: z.enum(['CASH', 'CARD', 'QR'], '请选择缴费方式'),
});
export type PaymentRequest = z.infer<typeof paymentRequestSchema>;

export const allocationSchema = z.object({
  receivableId: z.string().nullable(),
  ym: z.string().nullable(),
  principalFen: z.number().int(),
  penaltyFen: z.number().int(),
});
export const paymentSchema = z.object({
  id: z.string(),
  consNo: z.string(),
  amountFen: z.number().int(),
  method: z.enum(['CASH', 'CARD', 'QR', 'BANK', 'ONLINE']),
  collector: z.string(),
  paidAt: z.string(),
  allocations: z.array(allocationSchema),
  /** The part that became 预存. */
  prepaidFen: z.number().int(),
  reversed: z.boolean(),
  reversedBy: z.string().nullable(),
  reversedAt: z.string().nullable(),
  /** A 复电 order created because this payment cleared the arrears of a cut-off customer. */
  restoreOrderId: z.string().nullable(),
  version: z.number().int(),
});
export type Payment = z.infer<typeof paymentSchema>;
export const reversalRequestSchema = z.object({ reason: text({ error: '请填写冲正原因', label: '冲正原因' }).max(200).min(1, '请填写冲正原因') });

// ---- account, arrears ledger -------------------------------------------------------------------------------------

export const POWER_STATES = { ON: '正常供电', OFF: '已停电' } as const;
export const accountSchema = z.object({
  consNo: z.string(),
  name: z.string(),
  orgUnitCode: z.string(),
  tariffCode: z.string(),
  prepaidFen: z.number().int(),
  /** 保电/敏感: never cut off. */
  protectedFlag: z.boolean(),
  powerState: z.enum(['ON', 'OFF']),
  noticeAt: z.string().nullable(),
  /** Open principal, charged-but-unpaid penalty and penalty accrued to today. */
  oweFen: z.number().int(),
  penaltyFen: z.number().int(),
  totalDueFen: z.number().int(),
  receivables: z.array(receivableSchema),
  payments: z.array(paymentSchema),
  version: z.number().int(),
});
export type Account = z.infer<typeof accountSchema>;

/** 账龄 bands of the arrears ledger, by days past the due date of the oldest open receivable. */
export const AGE_BANDS = { D30: '30 天内', D90: '31–90 天', D180: '91–180 天', D365: '181–365 天', OVER: '一年以上' } as const;
export type AgeBand = keyof typeof AGE_BANDS;
export const arrearsQuerySchema = z.object({
  orgUnitCode: orgUnitCodeSchema.optional(),
  ageBand: z.enum(['D30', 'D90', 'D180', 'D365', 'OVER']).optional(),
  minOweFen: intParam(0, 2_000_000_000, '最低欠费').optional(),
  powerState: z.enum(['ON', 'OFF']).optional(),
  page: intParam(1, 10_000, '页码').default(1),
  pageSize: intParam(1, 100, '每页条数').default(20),
});
export type ArrearsQuery = z.infer<typeof arrearsQuerySchema>;
export const arrearsRowSchema = z.object({
  consNo: z.string(),
  name: z.string(),
  orgUnitCode: z.string(),
  months: z.number().int(),
  oldestYm: z.string(),
  ageDays: z.number().int(),
  ageBand: z.enum(['D30', 'D90', 'D180', 'D365', 'OVER']),
  oweFen: z.number().int(),
  penaltyFen: z.number().int(),
  powerState: z.enum(['ON', 'OFF']),
  protectedFlag: z.boolean(),
});
export type ArrearsRow = z.infer<typeof arrearsRowSchema>;
export const arrearsPageSchema = z.object({
  items: z.array(arrearsRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Over every matching customer (not only the page), by band. */
  totals: z.object({ oweFen: z.number().int(), customers: z.number().int(), byBand: z.record(z.string(), z.object({ customers: z.number().int(), oweFen: z.number().int() })) }),
});
export type ArrearsPage = z.infer<typeof arrearsPageSchema>;

// ---- 停电/复电 orders ----------------------------------------------------------------------------------------------

export const ORDER_KINDS = { CUTOFF: '欠费停电', RESTORE: '复电' } as const;
export const ORDER_STATUSES = { OPEN: '待执行', DONE: '已完成', FAILED: '执行失败' } as const;
export const orderSchema = z.object({
  id: z.string(),
  kind: z.enum(['CUTOFF', 'RESTORE']),
  consNo: z.string(),
  orgUnitCode: z.string(),
  status: z.enum(['OPEN', 'DONE', 'FAILED']),
  plannedAt: z.string(),
  dueAt: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
  overdue: z.boolean(),
  version: z.number().int(),
});
export type Order = z.infer<typeof orderSchema>;
export const cutoffRequestSchema = z.object({
  consNo: consNoParamSchema,
  /** When the cut-off is to be carried out; default now. ISO time. */
  plannedAt: z.iso.datetime({ offset: true, error: '计划停电时间格式不正确' }).optional(),
});
export const orderListQuerySchema = z.object({
  kind: z.enum(['CUTOFF', 'RESTORE']).optional(),
  status: z.enum(['OPEN', 'DONE', 'FAILED']).optional(),
  page: intParam(1, 10_000, '页码').default(1),
  pageSize: intParam(1, 100, '每页条数').default(20),
});
export const orderCompleteSchema = z.object({ success: z.boolean().default(true), note: text().max(200).optional() });

// ---- configuration -----------------------------------------------------------------------------------------------

/**
 * 违约金 and 停电 rules (defaults of issue 13; configuration, plugin options override them).
 * - 违约金 per day in 1/1000 of the open amount, from the day after the due date: 居民 1‰; others 2‰ in the
 *   receivable's own year and 3‰ for the days in later years; at least `minimumFen` per receivable.
 * - 停电: only `noticeDays` after the 停电通知, never for 保电/敏感 customers, only on working days (workflow
 *   calendar) between `cutoffHours[0]` and `cutoffHours[1]` China time; 复电 within `restoreHours`.
 */
export const billingSettingsSchema = z.object({
  penaltyPerMille: z.object({ resident: z.number(), currentYear: z.number(), earlierYears: z.number() }),
  penaltyMinimumFen: z.number().int(),
  noticeDays: z.number().int(),
  cutoffHours: z.tuple([z.number().int(), z.number().int()]),
  restoreHours: z.number().int(),
});
export type BillingSettings = z.infer<typeof billingSettingsSchema>;
export const DEFAULT_BILLING_SETTINGS: BillingSettings = {
  penaltyPerMille: { resident: 1, currentYear: 2, earlierYears: 3 },
  penaltyMinimumFen: 100,
  noticeDays: 7,
  cutoffHours: [8, 18],
  restoreHours: 24,
};

// ---- small requests ----------------------------------------------------------------------------------------------

/** 解款/对账: one collector's payments of one China day. */
export const dailyPaymentsQuerySchema = z.object({
  collector: text().max(64).min(1, '请填写收费员'),
  date: z.string('请填写日期').regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
});
export const batchListQuerySchema = z.object({ ym: ymSchema.optional() });
export const protectRequestSchema = z.object({ protectedFlag: z.boolean('请选择是否保电/敏感客户') });
export const payResultSchema = z.object({ payment: paymentSchema, account: accountSchema });
export type PayResult = z.infer<typeof payResultSchema>;
/** Shown with the tariff catalogue: the seeded prices are examples. */
export const TARIFFS_NOTE = '以上电价为演示用示例数据，并非官方电价目录';
