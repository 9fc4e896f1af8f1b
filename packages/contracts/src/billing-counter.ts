import { z } from 'zod';
import { customerFields, orgUnitFields } from './fields.ts';
import { calcBatchSchema, orderSchema, paymentRequestSchema, type PaymentRequest } from './billing.ts';
import { consNoSchema } from './customer.ts';
import { text } from './text.ts';
import { pageOf } from './page.ts';

/**
 * Reads of the billing service (`/api/svc/billing/v1`) that the 电费账务 micro-app's counter and ledger need beside
 * the core contract (`@wb/contracts/billing`; issue 13, docs/adr/0042-billing-app.md):
 * - `GET /counter/customers?q=` — 收费台 customer lookup by 户号, 户名 or 电话 within the caller's `bill` scope,
 *   each with its power state and open principal, so the clerk sees who owes before opening the account;
 * - `GET /counter/units` — the 供电所 in the caller's scope (unit pickers);
 * - `GET /counter/arrears.csv` — the 欠费台账 with the same filters as `GET /arrears`, as a CSV file (UTF-8 with
 *   BOM, so that Excel opens it in Chinese).
 * And the props of the part `billing/customer-bills` (客户360's 电费 slot).
 */

/** How the lookup read the query: 户号 (10 digits), a 户号 prefix, 电话 (7–12 digits or 0xx-), or 户名 (prefix). */
export const COUNTER_LOOKUP_FIELDS = { consNo: '户号', consNoPrefix: '户号前缀', phone: '电话', name: '户名' } as const;
export type CounterLookupField = keyof typeof COUNTER_LOOKUP_FIELDS;

export const counterLookupQuerySchema = z.object({
  q: text({ error: '请输入户号、户名或电话', label: '查询条件' })
    .trim()
    .min(2, '请至少输入 2 个字')
    .max(64, '查询条件最多 64 个字'),
});
export type CounterLookupQuery = z.infer<typeof counterLookupQuerySchema>;

export const counterCustomerSchema = z.object({
  ...customerFields(),
  address: z.string(),
  /** Masked (138****5678); the counter never needs the number in clear. */
  phone: z.string(),
  ...orgUnitFields(),
  powerState: z.enum(['ON', 'OFF']),
  protectedFlag: z.boolean(),
  /** Open principal of issued receivables (违约金 not included: the account shows it as of today). */
  oweFen: z.number().int(),
  openMonths: z.number().int(),
});
export type CounterCustomer = z.infer<typeof counterCustomerSchema>;

export const counterLookupResultSchema = z.object({
  field: z.enum(['consNo', 'consNoPrefix', 'phone', 'name']),
  items: z.array(counterCustomerSchema),
});
export type CounterLookupResult = z.infer<typeof counterLookupResultSchema>;

/** `GET /counter/units`: the 供电所 in the caller's `bill` scope, for the ledger's and 核算's unit pickers. */
export const counterUnitsSchema = z.object({ items: z.array(z.object({ code: z.string(), name: z.string() })) });
export type CounterUnit = z.infer<typeof counterUnitsSchema>['items'][number];

/** Most rows a 欠费台账 export holds; a larger ledger is exported per unit or age band. */
export const ARREARS_EXPORT_MAX_ROWS = 50_000;

/** The part 电费账务 exposes for 客户360's 电费 slot (manifest `exposes`, ADR 0030): one customer's bills. */
export const CUSTOMER_BILLS_PART = 'customer-bills';
export const customerBillsPartPropsSchema = z.strictObject({ consNo: consNoSchema });
export type CustomerBillsPartProps = z.infer<typeof customerBillsPartPropsSchema>;

// ---- answers of core routes the app reads, whose schemas the core contract does not name ---------------------------

/** `GET /calc-batches/:id`: the batch and its first 200 bills, 量费审核 exceptions first. */
export const batchDetailSchema = z.object({
  batch: calcBatchSchema,
  bills: z.array(z.object({ consNo: z.string(), tariffCode: z.string(), kwh: z.number().int(), amountFen: z.number().int(), exception: z.string().nullable() })),
});
export type BatchDetail = z.infer<typeof batchDetailSchema>;
export const batchListSchema = z.object({ items: z.array(calcBatchSchema) });
/** `GET /orders`: one page of 停电/复电 orders. */
export const orderPageSchema = pageOf(orderSchema);
export type OrderPage = z.infer<typeof orderPageSchema>;

// ---- the counter's payment form ------------------------------------------------------------------------------------

/**
 * What the collector types: the amount in 元 (up to two decimals, read as a string so that no float is involved)
 * and the method; becomes the body of `POST /payments` (`amountFen`).
 */
export const counterPaymentFormSchema = z
  .object({
    consNo: consNoSchema,
    amountYuan: z
      .string('请填写实收金额')
      .trim()
      .regex(/^\d{1,9}(\.\d{1,2})?$/, '金额应为数字，最多两位小数')
      .refine((v) => Number(v.replace('.', '')) > 0, '实收金额应大于 0'),
    method: z.enum(['CASH', 'CARD', 'QR'], '请选择缴费方式'),
  })
  .transform(({ consNo, amountYuan, method }): PaymentRequest => {
    const [yuan = '0', cents = ''] = amountYuan.split('.');
    return { consNo, amountFen: Number(yuan) * 100 + Number(cents.padEnd(2, '0')), method };
  })
  .pipe(paymentRequestSchema);

/** The JSON Schema the manifest declares for `customer-bills` (`exposes[].props`); the app's test keeps them equal. */
export function customerBillsPartJsonSchema(): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(customerBillsPartPropsSchema) as Record<string, unknown>;
  return schema;
}
