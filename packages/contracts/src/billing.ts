import { z } from 'zod';
import { customerFields } from './fields.ts';
import { intParam, text } from './text.ts';
import { pageOf, pageParams } from './page.ts';
import * as keys from './permissions.ts';

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
export { DF_BILL_CALC, DF_BILL_VIEW, DF_ORDER_MANAGE, DF_PAY_COLLECT, DF_PAY_REVERSE, DF_PORTAL_MANAGE, DF_READING_ENTER } from './permissions.ts';
/** The billing permissions by what they allow, as the app's screens check them (the manifest declares the same keys). */
export const BILLING_PERMISSIONS = {
  view: keys.DF_BILL_VIEW,
  readingEnter: keys.DF_READING_ENTER,
  calc: keys.DF_BILL_CALC,
  collect: keys.DF_PAY_COLLECT,
  reverse: keys.DF_PAY_REVERSE,
  orders: keys.DF_ORDER_MANAGE,
  portal: keys.DF_PORTAL_MANAGE,
} as const;
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
  /** The one line of a 补收 receivable created by an approved 退补 adjustment (ADR 0043). */
  ADJUST: '退补',
} as const;
export const billLineSchema = z.object({
  kind: z.enum(['ENERGY', 'TIER', 'BASIC', 'PF_ADJUST', 'FUND', 'ADJUST']),
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
  /** The 抄表段 a manual reading was taken in (ADR 0043); absent or null for 采集 rows. */
  mrSectNo: z.string().nullable().optional(),
  /** 复核 (ADR 0049): who confirmed or corrected an exceptional reading; 核算 then bills it. */
  reviewedBy: z.string().nullable().optional(),
  version: z.number().int(),
});
export type Reading = z.infer<typeof readingSchema>;
/** `GET /customers/:consNo/readings`: the last 24 months, newest first. */
export const readingListSchema = z.object({ items: z.array(readingSchema) });

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

// ---- bound workflow tasks (ADR 0049) -------------------------------------------------------------------------------

/**
 * Billing's processes, bound to the service (ADR 0021): 抄表复核 per exceptional reading (business key
 * `<户号>-<年月>`), 量费审核 per batch with exceptions (the batch id), 停电 and 复电 per order (the order id).
 */
export const BILLING_PROCESSES = {
  readingReview: 'df-reading-review', billAudit: 'df-bill-audit', cutoff: 'df-cutoff', restore: 'df-restore',
  /** 电话催费 (收费催费员 of the customer's 供电所) and 上门催费 (the 台区经理 of the customer's 台区), ADR 0060. */
  dunningCall: 'df-dunning-call', dunningVisit: 'df-dunning-visit',
} as const;
export const readingKeyParamsSchema = z.strictObject({ consNo: consNoParamSchema, ym: ymSchema });
/** 复核: confirm the reading as it is, or correct the index (`currIndex`). */
export const readingReviewSchema = z.object({
  currIndex: readingEntrySchema.shape.currIndex.optional(),
  opinion: text({ error: '请填写复核意见', label: '复核意见' }).trim().min(1, '请填写复核意见').max(200, '复核意见不能超过 200 字'),
});
export type ReadingReview = z.infer<typeof readingReviewSchema>;
/** 量费审核: the exception bills passed for 发行 (户号); the others stay out until the next 核算. */
export const batchAuditSchema = z.object({
  approve: z.array(consNoParamSchema, '请选择审核通过的户号').max(5000, '一次最多审核 5000 户'),
  opinion: text({ error: '请填写审核意见', label: '审核意见' }).trim().min(1, '请填写审核意见').max(200, '审核意见不能超过 200 字'),
});
export type BatchAudit = z.infer<typeof batchAuditSchema>;

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
  ...customerFields(),
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
  /** 用电类别 (ADR 0049): the tariff kind of the account (居民生活, 一般工商业, 大工业, 农业生产). */
  tariffKind: z.enum(['RESIDENT', 'GENERAL', 'LARGE', 'AGRI'], '用电类别应为 居民生活、一般工商业、大工业 或 农业生产').optional(),
  ...pageParams(),
});
export type ArrearsQuery = z.infer<typeof arrearsQuerySchema>;
export const arrearsRowSchema = z.object({
  ...customerFields(),
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
export const arrearsPageSchema = pageOf(arrearsRowSchema).extend({
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
  /** The order's open workflow step (ADR 0049): 执行停电 / 执行复电 / 现场复电（督办）; null when none is open. */
  openStep: z.string().nullable().optional(),
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
  ...pageParams(),
});
export const orderCompleteSchema = z.object({ success: z.boolean().default(true), note: text().max(200).optional() });

// ---- configuration -----------------------------------------------------------------------------------------------

/**
 * 催费 strategy: steps by days past the due date of the oldest open receivable. `SMS` and `NOTICE` send a message
 * through the outbox to the SMS gateway adapter (NOTICE also starts the 停电通知 period); `CALL` and `VISIT` are work
 * items for the 收费催费员. Each step runs at most once per arrears episode (the oldest open receivable).
 */
export const DUNNING_STEPS = { SMS: '短信催费', CALL: '电话催费', VISIT: '上门催费', NOTICE: '停电通知' } as const;
export type DunningStep = keyof typeof DUNNING_STEPS;
export const dunningStepSchema = z.object({ step: z.enum(['SMS', 'CALL', 'VISIT', 'NOTICE']), afterDays: z.number().int().min(0) });
export const DEFAULT_DUNNING_STEPS: ReadonlyArray<z.infer<typeof dunningStepSchema>> = [
  { step: 'SMS', afterDays: 3 },
  { step: 'CALL', afterDays: 15 },
  { step: 'VISIT', afterDays: 30 },
  { step: 'NOTICE', afterDays: 45 },
];
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
  /** 催费 strategy (ADR 0043), ascending `afterDays`. */
  dunningSteps: z.array(dunningStepSchema),
});
export type BillingSettings = z.infer<typeof billingSettingsSchema>;
export const DEFAULT_BILLING_SETTINGS: BillingSettings = {
  penaltyPerMille: { resident: 1, currentYear: 2, earlierYears: 3 },
  penaltyMinimumFen: 100,
  noticeDays: 7,
  cutoffHours: [8, 18],
  restoreHours: 24,
  dunningSteps: [...DEFAULT_DUNNING_STEPS],
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

// ---- issue 13 continued (ADR 0043): receipts, 退补, 代扣 import, 解款 report, 催费 -----------------------------------

/** A numeric id in a path (`/payments/:id`, `/adjustments/:id`). */
export const idParamsSchema = z.object({ id: z.string().regex(/^[0-9]{1,18}$/, '编号应为数字') });

/** 退补: 退费 credits the account (open 电费 oldest first, the rest 预存); 补收 is a new receivable of the month. */
export const ADJUSTMENT_KINDS = { REFUND: '退费', SUPPLEMENT: '补收' } as const;
export const ADJUSTMENT_STATUSES = { PENDING: '待审批', APPROVED: '已审批', REJECTED: '已驳回' } as const;
export const adjustmentRequestSchema = z.object({
  consNo: consNoParamSchema,
  /** The issued month corrected. */
  ym: ymSchema,
  kind: z.enum(['REFUND', 'SUPPLEMENT'], '请选择退补类型'),
  amountFen: fenSchema.min(1, '退补金额应大于 0'),
  /** kWh corrected (information on the line), 0 when only the amount changes. */
  kwh: z.number().int('电量应为整数').min(0, '电量不能为负').max(100_000_000, '电量过大').default(0),
  reason: text({ error: '请填写退补原因', label: '退补原因' }).trim().min(2, '请填写退补原因').max(200, '退补原因不能超过 200 字'),
});
export type AdjustmentRequest = z.infer<typeof adjustmentRequestSchema>;
export const adjustmentSchema = z.object({
  id: z.string(),
  consNo: z.string(),
  orgUnitCode: z.string(),
  ym: ymSchema,
  kind: z.enum(['REFUND', 'SUPPLEMENT']),
  amountFen: z.number().int(),
  kwh: z.number().int(),
  reason: z.string(),
  status: z.enum(['PENDING', 'APPROVED', 'REJECTED']),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  /** 补收: the receivable created on approval. */
  receivableId: z.string().nullable(),
  /** 退费: the part that settled open 电费 at approval (the rest went to 预存). */
  settledFen: z.number().int(),
  version: z.number().int(),
});
export type Adjustment = z.infer<typeof adjustmentSchema>;
export const adjustmentDecisionSchema = z.object({ note: text({ label: '审批意见' }).trim().max(200, '审批意见不能超过 200 字').optional() });
export const adjustmentListQuerySchema = z.object({
  status: z.enum(['PENDING', 'APPROVED', 'REJECTED']).optional(),
  consNo: consNoParamSchema.optional(),
  ...pageParams(),
});
export const adjustmentPageSchema = pageOf(adjustmentSchema);

/**
 * 银行代扣 file import: CSV text with a header line `流水号,户号,金额,扣款日期` (金额 in 元 with at most two decimals,
 * 日期 `YYYY-MM-DD`). Each line is applied on its own (idempotent per 流水号); bad lines are reported, good ones applied.
 */
export const BANK_CSV_HEADER = ['流水号', '户号', '金额', '扣款日期'] as const;
export const BANK_IMPORT_MAX_LINES = 5000;
export const bankImportRequestSchema = z.object({
  fileName: text({ error: '请选择代扣文件', label: '文件名' }).trim().min(1, '请选择代扣文件').max(120, '文件名过长'),
  content: text({ multiline: true, error: '请上传代扣文件内容', label: '代扣文件' }).min(1, '代扣文件为空').max(1_000_000, '代扣文件过大（不超过 1 MB）'),
});
export const BANK_LINE_STATUSES = { APPLIED: '已销账', DUPLICATE: '重复（已导入过）', ERROR: '错误' } as const;
export const bankLineResultSchema = z.object({
  lineNo: z.number().int(),
  serial: z.string().nullable(),
  consNo: z.string().nullable(),
  amountFen: z.number().int().nullable(),
  status: z.enum(['APPLIED', 'DUPLICATE', 'ERROR']),
  message: z.string().nullable(),
  paymentId: z.string().nullable(),
});
export type BankLineResult = z.infer<typeof bankLineResultSchema>;
export const bankImportSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  importedBy: z.string(),
  importedAt: z.string(),
  lines: z.number().int(),
  applied: z.number().int(),
  duplicates: z.number().int(),
  errors: z.number().int(),
  appliedFen: z.number().int(),
  results: z.array(bankLineResultSchema),
});
export type BankImport = z.infer<typeof bankImportSchema>;

/** 解款/对账: every collector's takings of one China day (reversed payments shown apart). */
export const remittanceQuerySchema = z.object({
  date: z.string('请填写日期').regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  orgUnitCode: orgUnitCodeSchema.optional(),
});
export const remittanceRowSchema = z.object({
  collector: z.string(),
  payments: z.number().int(),
  totalFen: z.number().int(),
  byMethod: z.record(z.string(), z.object({ payments: z.number().int(), totalFen: z.number().int() })),
  reversed: z.number().int(),
  reversedFen: z.number().int(),
  /** To remit: Σ not reversed. */
  netFen: z.number().int(),
});
export const remittanceReportSchema = z.object({
  date: z.string(),
  rows: z.array(remittanceRowSchema),
  totals: z.object({ payments: z.number().int(), netFen: z.number().int(), reversedFen: z.number().int() }),
});
export type RemittanceReport = z.infer<typeof remittanceReportSchema>;

export const dunningRunRequestSchema = z.object({ orgUnitCode: orgUnitCodeSchema.optional() });
export const dunningRunResultSchema = z.object({
  customers: z.number().int(),
  created: z.record(z.string(), z.number().int()),
  skippedProtected: z.number().int(),
});
export const DUNNING_ACTION_STATUSES = { OPEN: '待办理', DONE: '已办理', SENT: '已发送' } as const;
export const dunningActionSchema = z.object({
  id: z.string(),
  ...customerFields(),
  orgUnitCode: z.string(),
  step: z.enum(['SMS', 'CALL', 'VISIT', 'NOTICE']),
  status: z.enum(['OPEN', 'DONE', 'SENT']),
  oweFen: z.number().int(),
  createdAt: z.string(),
  doneBy: z.string().nullable(),
  doneAt: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
});
export type DunningAction = z.infer<typeof dunningActionSchema>;
export const dunningListQuerySchema = z.object({
  step: z.enum(['SMS', 'CALL', 'VISIT', 'NOTICE']).optional(),
  status: z.enum(['OPEN', 'DONE', 'SENT']).optional(),
  ...pageParams(),
});
export const dunningCompleteSchema = z.object({ note: text({ label: '办理结果' }).trim().min(1, '请填写办理结果').max(200, '办理结果不能超过 200 字') });
/** A message the SMS gateway adapter took (the default adapter records it; a page lists them). */
export const smsMessageSchema = z.object({
  id: z.string(),
  consNo: z.string(),
  phone: z.string(),
  text: z.string(),
  kind: z.enum(['SMS', 'NOTICE']),
  status: z.enum(['SENT', 'FAILED']),
  createdAt: z.string(),
});
export type SmsMessage = z.infer<typeof smsMessageSchema>;
export const smsListQuerySchema = z.object({
  consNo: consNoParamSchema.optional(),
  ...pageParams(),
});

/**
 * 抄表 plans (ADR 0043): each 抄表段 of a 供电所 (the archive's `mr_sect`) is read on its 抄表例日 every month; the plan
 * of a month shows its progress from the readings of its customers.
 */
export const READ_PLAN_STATUSES = { PENDING: '未到例日', READING: '抄表中', DONE: '已完成', OVERDUE: '逾期未完成' } as const;
export const readPlanQuerySchema = z.object({ ym: ymSchema, orgUnitCode: orgUnitCodeSchema });
export const readPlanSchema = z.object({
  mrSectNo: z.string(),
  name: z.string(),
  mrDay: z.number().int(),
  /** The 例日 of the month, `YYYY-MM-DD`. */
  planDate: z.string(),
  orgUnitCode: z.string(),
  accounts: z.number().int(),
  read: z.number().int(),
  manual: z.number().int(),
  estimated: z.number().int(),
  /** Readings with a 复核 exception (零度, 突增, 倒走, 估抄). */
  exceptions: z.number().int(),
  missing: z.number().int(),
  status: z.enum(['PENDING', 'READING', 'DONE', 'OVERDUE']),
});
export type ReadPlan = z.infer<typeof readPlanSchema>;
export const readPlanListSchema = z.object({ ym: ymSchema, items: z.array(readPlanSchema) });
export const readPlanParamsSchema = z.object({ mrSectNo: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '抄表段编号格式不正确') });
export const readPlanDetailSchema = z.object({
  plan: readPlanSchema,
  /** 户号 still without a reading (first 500). */
  missing: z.array(z.string()),
  /** Readings of the month with a 复核 exception. */
  exceptions: z.array(readingSchema),
});

/**
 * Billing's domain events on the workflow outbox (ADR 0061): one topic per business fact that changes 应收, 实收,
 * 欠费, 抄表 or 停复电. Each names the 供电所 and the 应收年月 (`yms`) and 停复电 orders (`orderIds`) it changed; a
 * consumer (营销运营监测) re-reads those through billing's port. `text`: a short line for the 大屏's feed.
 */
export const BILLING_FACT_TOPICS = {
  /** 发行: receivables created for a month. */
  issued: 'billing.bill.issued',
  /** 收费 (counter, bank 代扣, online): principal and penalty paid; a 复电 order may be created. */
  paid: 'billing.payment.received',
  /** 冲正: a payment undone (its allocations and any 复电 order it created). */
  reversed: 'billing.payment.reversed',
  /** 核销: open receivables settled from a 预存 or 退费 credit. */
  settled: 'billing.receivable.settled',
  /** 退补 approved: a 补收 receivable (or a 退费 credit). */
  adjusted: 'billing.receivable.adjusted',
  /** 抄表: a reading entered or corrected. */
  read: 'billing.reading.recorded',
  /** 停电 carried out (or failed). */
  cutOff: 'billing.power.cut',
  /** 复电 carried out (or failed and sent on to 现场复电). */
  restored: 'billing.power.restored',
} as const;
export type BillingFactTopic = (typeof BILLING_FACT_TOPICS)[keyof typeof BILLING_FACT_TOPICS];
export const BILLING_FACT_TOPIC_LIST = Object.values(BILLING_FACT_TOPICS) as BillingFactTopic[];
export const billingFactEventSchema = z.object({
  orgUnitCode: z.string().regex(/^[0-9]{1,20}$/),
  yms: z.array(z.string().regex(/^[0-9]{6}$/)).default([]),
  orderIds: z.array(z.string().regex(/^[0-9]{1,18}$/)).default([]),
  text: z.string().max(100).optional(),
});
export type BillingFactEvent = z.input<typeof billingFactEventSchema>;
