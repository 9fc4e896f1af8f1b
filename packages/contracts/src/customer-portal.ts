import { z } from 'zod';
import { customerFields } from './fields.ts';
import { text } from './text.ts';
import { pageOf, pageParams } from './page.ts';

/**
 * The `customer-portal` service (v1, `/api/svc/customer-portal/v1/...`): 掌上电力, the customers' own channel
 * (issue 14, docs/adr/0045-customer-realm.md, docs/adr/0046-payments-exactly-once.md).
 *
 * Customers are not staff: they sign in with a phone and a verification code (or a password they set), hold their
 * own session cookie (`CUSTOMER_SESSION_COOKIE`), and reach only the routes declared `access: 'customer'`. A staff
 * session counts for nothing here, and a customer session for nothing on staff routes.
 *
 * Money is integer 分 (`…Fen`), months `YYYYMM`, as in billing.
 */

export const CUSTOMER_PORTAL_SERVICE = { name: 'customer-portal', major: 1 } as const;
/** The customer realm's session cookie (HttpOnly, SameSite=Lax; `__Host-` prefixed behind TLS). */
export const CUSTOMER_SESSION_COOKIE = 'wb_csession';

// ---- primitives --------------------------------------------------------------------------------------------------

export const customerPhoneSchema = z.string('请填写手机号').regex(/^1[3-9]\d{9}$/, '手机号应为 11 位数字');
export const verificationCodeSchema = z.string('请填写验证码').regex(/^\d{6}$/, '验证码应为 6 位数字');
export const portalConsNoSchema = z.string('请填写户号').regex(/^[0-9]{10}$/, '户号应为 10 位数字');
const holderNameSchema = text({ label: '户主姓名', error: '请填写户主姓名' }).trim().min(1, '请填写户主姓名').max(64, '户主姓名过长');
/** Payment order number (商户订单号 out_trade_no): `CP` + 14-digit China time + 8 digits. */
export const outTradeNoSchema = z.string('请填写订单号').regex(/^CP\d{22}$/, '订单号格式不正确');

// ---- realm: codes, login, me ----------------------------------------------------------------------------------------

export const sendLoginCodeSchema = z.strictObject({ phone: customerPhoneSchema });
export type SendLoginCode = z.infer<typeof sendLoginCodeSchema>;

/** Either a code (first login registers the phone) or the password the customer set. */
export const customerLoginSchema = z.union([
  z.strictObject({ phone: customerPhoneSchema, code: verificationCodeSchema }),
  z.strictObject({ phone: customerPhoneSchema, password: z.string('请填写密码').min(1, '请填写密码').max(128, '密码过长') }),
]);
export type CustomerLogin = z.infer<typeof customerLoginSchema>;

export const customerPasswordSchema = z.strictObject({
  password: z
    .string('请填写密码')
    .min(8, '密码至少 8 位')
    .max(64, '密码最多 64 位')
    .regex(/[A-Za-z]/, '密码须包含字母')
    .regex(/\d/, '密码须包含数字'),
});

export const codeSentSchema = z.object({
  /** The phone the code went to, masked (`138****5678`). */
  maskedPhone: z.string(),
  /** Seconds until another code may be asked for this phone. */
  retryAfterSeconds: z.number().int(),
});
export type CodeSent = z.infer<typeof codeSentSchema>;

export const bindingSchema = z.object({
  ...customerFields(),
  address: z.string(),
  orgUnitName: z.string(),
  boundAt: z.string(),
});
export type Binding = z.infer<typeof bindingSchema>;

export const customerMeSchema = z.object({
  id: z.string(),
  phone: z.string(),
  hasPassword: z.boolean(),
  bindings: z.array(bindingSchema),
});
export type CustomerMe = z.infer<typeof customerMeSchema>;

// ---- binding a 户号 ------------------------------------------------------------------------------------------------

export const bindingCodeRequestSchema = z.strictObject({ consNo: portalConsNoSchema, holderName: holderNameSchema });
export const bindRequestSchema = z.strictObject({ consNo: portalConsNoSchema, holderName: holderNameSchema, code: verificationCodeSchema });

// ---- bills -------------------------------------------------------------------------------------------------------

export const PORTAL_BILL_STATUSES = { UNPAID: '未缴费', PARTIAL: '部分缴费', PAID: '已结清' } as const;

export const portalBillSchema = z.object({
  receivableId: z.string(),
  ym: z.string(),
  kwh: z.number().int(),
  /** 阶梯 position of the month: 1, 2 or 3 (the highest tier billed); null for non-resident tariffs. */
  tier: z.number().int().nullable(),
  amountFen: z.number().int(),
  paidFen: z.number().int(),
  /** 违约金 charged and accrued to today, not paid. */
  penaltyFen: z.number().int(),
  /** What paying this month now costs: open 电费 + open 违约金. */
  dueFen: z.number().int(),
  dueDate: z.string(),
  overdue: z.boolean(),
  status: z.enum(['UNPAID', 'PARTIAL', 'PAID']),
});
export type PortalBill = z.infer<typeof portalBillSchema>;

export const portalAccountSchema = z.object({
  ...customerFields(),
  address: z.string(),
  orgUnitName: z.string(),
  tgName: z.string().nullable(),
  powerState: z.enum(['ON', 'OFF']),
  /** A 复电 order is open (the arrears are paid, power comes back within the promised hours). */
  restorePending: z.boolean(),
  oweFen: z.number().int(),
  penaltyFen: z.number().int(),
  totalDueFen: z.number().int(),
  prepaidFen: z.number().int(),
  bills: z.array(portalBillSchema),
});
export type PortalAccount = z.infer<typeof portalAccountSchema>;

// ---- payments ----------------------------------------------------------------------------------------------------

export const PAY_ORDER_STATUSES = { CREATED: '待支付', PAID: '已支付', CLOSED: '已关闭' } as const;
export type PayOrderStatus = keyof typeof PAY_ORDER_STATUSES;

/** All arrears (no `receivableIds`) or the chosen open bills, which must be the oldest ones (销账 is oldest first). */
export const payOrderRequestSchema = z.strictObject({
  consNo: portalConsNoSchema,
  receivableIds: z.array(z.string().regex(/^[0-9]{1,18}$/, '账单编号不正确')).min(1, '请选择要缴纳的账单').max(60, '一次最多缴纳 60 个月').optional(),
  /** Where the provider's checkout sends the browser back (a path of this site). */
  returnPath: z.string().regex(/^\/c\/[A-Za-z0-9/_\-?=&.%]*$/, '返回地址不正确').max(300, '返回地址过长').optional(),
});
export type PayOrderRequest = z.infer<typeof payOrderRequestSchema>;

export const payOrderSchema = z.object({
  outTradeNo: z.string(),
  consNo: z.string(),
  amountFen: z.number().int(),
  status: z.enum(['CREATED', 'PAID', 'CLOSED']),
  /** The provider's checkout page for this order. */
  checkoutUrl: z.string(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  /** billing's payment once written off. */
  paymentId: z.string().nullable(),
  restoreOrderId: z.string().nullable(),
});
export type PayOrder = z.infer<typeof payOrderSchema>;

export const portalPaymentSchema = z.object({
  id: z.string(),
  consNo: z.string(),
  amountFen: z.number().int(),
  method: z.string(),
  paidAt: z.string(),
  prepaidFen: z.number().int(),
  reversed: z.boolean(),
  months: z.array(z.string()),
  receiptNo: z.string(),
});
export type PortalPayment = z.infer<typeof portalPaymentSchema>;

export const reconciliationQuerySchema = z.strictObject({
  date: z.string('请选择对账日期').regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
});

export const RECONCILIATION_KINDS = {
  MISSING_HERE: '渠道已支付，本方未销账',
  MISSING_THERE: '本方已销账，渠道无成功交易',
  AMOUNT: '金额不一致',
  REVERSED: '本方已冲正',
} as const;
export type ReconciliationKind = keyof typeof RECONCILIATION_KINDS;

export const reconciliationSchema = z.object({
  date: z.string(),
  provider: z.string(),
  providerCount: z.number().int(),
  providerFen: z.number().int(),
  ourCount: z.number().int(),
  ourFen: z.number().int(),
  differences: z.array(
    z.object({ kind: z.enum(['MISSING_HERE', 'MISSING_THERE', 'AMOUNT', 'REVERSED']), outTradeNo: z.string(), providerFen: z.number().int().nullable(), ourFen: z.number().int().nullable() }),
  ),
});
export type Reconciliation = z.infer<typeof reconciliationSchema>;

// ---- 报修, 停电, 业扩 -----------------------------------------------------------------------------------------------

export const repairRequestSchema = z.strictObject({
  consNo: portalConsNoSchema,
  content: text({ label: '故障描述', error: '请填写故障描述', multiline: true }).trim().min(2, '请描述故障情况').max(500, '故障描述最多 500 字'),
});

export const portalTicketSchema = z.object({ ticketNo: z.string(), type: z.string(), status: z.string(), statusName: z.string(), createdAt: z.string(), content: z.string() });
export type PortalTicket = z.infer<typeof portalTicketSchema>;

export const portalOutageSchema = z.object({ id: z.string(), kind: z.string(), startAt: z.string(), endAt: z.string().nullable(), area: z.string(), reason: z.string() });
export type PortalOutage = z.infer<typeof portalOutageSchema>;

export const applicationNoParamSchema = z.string('请填写申请编号').regex(/^[0-9A-Za-z-]{6,32}$/, '申请编号格式不正确');
export const portalApplicationSchema = z.object({
  appNo: z.string(),
  busiType: z.string(),
  status: z.string(),
  currentStep: z.string().nullable(),
  acceptedAt: z.string(),
  steps: z.array(z.object({ name: z.string(), doneAt: z.string().nullable() })),
});
export type PortalApplication = z.infer<typeof portalApplicationSchema>;

/** Masks an 11-digit phone as `138****5678`. */
export function maskPortalPhone(phone: string): string {
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone.replace(/\d(?=\d{4})/g, '*');
}

/** List answers (`{ items }`) of the account's payments, outages and repairs. */
export const portalPaymentListSchema = z.object({ items: z.array(portalPaymentSchema) });
export const portalOutageListSchema = z.object({ items: z.array(portalOutageSchema) });
export const portalTicketListSchema = z.object({ items: z.array(portalTicketSchema) });

// ---- staff administration of customers' accounts (ADR 0060; permission `df:portal:manage`) -------------------------

export const PORTAL_ACCOUNT_STATUSES = { ACTIVE: '正常', DISABLED: '已停用' } as const;
export type PortalAccountStatus = keyof typeof PORTAL_ACCOUNT_STATUSES;
const staffReasonSchema = text({ label: '原因', error: '请填写原因' }).trim().min(2, '请填写原因（至少 2 个字）').max(200, '原因不能超过 200 字');

/** The list: `q` is digits of the phone (4 or more) or a bound 户号 (10 digits). */
export const staffCustomerQuerySchema = z.strictObject({
  q: z.string().trim().regex(/^\d{4,11}$/, '请输入手机号（至少 4 位数字）或 10 位户号').optional(),
  status: z.enum(['ACTIVE', 'DISABLED']).optional(),
  ...pageParams(),
});
export type StaffCustomerQuery = z.infer<typeof staffCustomerQuerySchema>;

export const staffCustomerSchema = z.object({
  id: z.string(),
  /** Masked (`138****5678`). */
  phone: z.string(),
  status: z.enum(['ACTIVE', 'DISABLED']),
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
  bindings: z.array(z.string()),
  orders: z.number().int(),
  version: z.number().int(),
});
export type StaffCustomer = z.infer<typeof staffCustomerSchema>;
export const staffCustomerPageSchema = pageOf(staffCustomerSchema);
export type StaffCustomerPage = z.infer<typeof staffCustomerPageSchema>;

export const staffPayOrderSchema = z.object({
  outTradeNo: z.string(),
  consNo: z.string(),
  amountFen: z.number().int(),
  status: z.enum(['CREATED', 'PAID', 'CLOSED']),
  settledBy: z.enum(['NOTIFY', 'QUERY']).nullable(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  paymentId: z.string().nullable(),
});
export type StaffPayOrder = z.infer<typeof staffPayOrderSchema>;

export const staffCustomerDetailSchema = z.object({
  customer: staffCustomerSchema,
  bindings: z.array(z.object({ consNo: z.string(), name: z.string(), createdAt: z.string() })),
  /** The latest 50 payment orders, newest first. */
  orders: z.array(staffPayOrderSchema),
});
export type StaffCustomerDetail = z.infer<typeof staffCustomerDetailSchema>;

export const staffCustomerParamsSchema = z.strictObject({ id: z.string().regex(/^[0-9]{1,18}$/, '客户账号编号不正确') });
/** 停用 (sessions end, sign-in refused) or 启用 again; If-Match the account's version. */
export const staffCustomerStatusSchema = z.strictObject({ status: z.enum(['ACTIVE', 'DISABLED'], '请选择账号状态'), reason: staffReasonSchema });
export type StaffCustomerStatus = z.infer<typeof staffCustomerStatusSchema>;
/** Removes one bound 户号 of the account; If-Match the account's version. */
export const staffUnbindSchema = z.strictObject({ consNo: portalConsNoSchema, reason: staffReasonSchema });
export type StaffUnbind = z.infer<typeof staffUnbindSchema>;
