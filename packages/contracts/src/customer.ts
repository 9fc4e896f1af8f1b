import { z } from 'zod';
import { customerFields } from './fields.ts';
import { text } from './text.ts';
import { pageParams } from './page.ts';

/** Service name and major version as the gateway routes them: `/api/svc/customer/v1`. */
export const CUSTOMER_SERVICE = { name: 'customer', major: 1 } as const;

/** 户号: the 10-digit account number of a customer (SG186 cons_no). */
export const consNoSchema = z.string().regex(/^\d{10}$/, '户号应为 10 位数字');

export const searchFieldSchema = z.enum(['auto', 'consNo', 'name', 'phone', 'address']);
export type SearchField = z.infer<typeof searchFieldSchema>;

export const customerSearchQuerySchema = z.strictObject({
  q: text({ label: '查询内容' }).trim().max(64, '查询内容不能超过 64 个字符').default(''),
  field: searchFieldSchema.default('auto'),
  ...pageParams(),
});
export type CustomerSearchQuery = z.infer<typeof customerSearchQuerySchema>;

/** 用电类别 (electricity-use category) codes of the seed data. */
export const ELEC_TYPES = {
  '100': '居民生活用电',
  '200': '一般工商业用电',
  '300': '大工业用电',
  '400': '农业生产用电',
} as const;

/** 电压等级 codes (SG standard codes). */
export const VOLTAGE_LEVELS = {
  AC00022: '交流220V',
  AC00038: '交流380V',
  AC00101: '交流10kV',
  AC00351: '交流35kV',
} as const;

export const CUSTOMER_STATUSES = { normal: '正常用电', suspended: '暂停', cancelled: '已销户', cutoff: '已停电' } as const;

export const customerSummarySchema = z.object({
  ...customerFields(),
  address: z.string(),
  phone: z.string(),
  elecType: z.string(),
  elecTypeName: z.string(),
  voltageCode: z.string(),
  voltageName: z.string(),
  status: z.enum(['normal', 'suspended', 'cancelled', 'cutoff']),
  orgUnitName: z.string(),
});
export type CustomerSummary = z.infer<typeof customerSummarySchema>;

export const customerSearchResultSchema = z.object({
  items: z.array(customerSummarySchema),
  page: z.number(),
  pageSize: z.number(),
  /** Exact up to `totalCapped`; beyond it the count stops and `capped` is true. */
  total: z.number(),
  capped: z.boolean(),
});
export type CustomerSearchResult = z.infer<typeof customerSearchResultSchema>;

export const meterSchema = z.object({
  assetNo: z.string(),
  barCode: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  /** 综合倍率 */
  multiplier: z.number(),
  installedOn: z.string(),
  status: z.string(),
});
export type Meter = z.infer<typeof meterSchema>;

export const customerDetailSchema = customerSummarySchema.extend({
  /** 用户分类: 低压居民 / 低压非居民 / 高压 */
  category: z.string(),
  /** 合同容量, kW for low voltage, kVA for high voltage */
  contractCapacity: z.number(),
  capacityUnit: z.enum(['kW', 'kVA']),
  tgId: z.string(),
  tgName: z.string(),
  /** 抄表段 */
  mrSectNo: z.string(),
  orgUnitCode: z.string(),
  powerOnDate: z.string(),
  meters: z.array(meterSchema),
});
export type CustomerDetail = z.infer<typeof customerDetailSchema>;
