import { HttpResponse, delay, http } from 'msw';
import type { RequestHandler } from 'msw';
import { CUSTOMER_SERVICE, ErrorCode, consNoSchema, customerSearchQuerySchema } from '@wb/contracts';
import type { ApiErrorBody, CustomerDetail } from '@wb/contracts';
import { mockBase } from '../iam/respond.ts';
import { createCustomerDataset } from './dataset.ts';
import { searchCustomers } from './search.ts';

export interface CustomerHandlersOptions {
  /** Gateway base of the customer service; default `/api/svc/customer/v1`. */
  baseUrl?: string;
  /** The data served; default `createCustomerDataset()` (200 customers, fixed seed). */
  customers?: readonly CustomerDetail[];
  /** Simulated latency in ms (the dev harness uses ~300 so loading states show); default 0. */
  delayMs?: number;
  /** Count cap of the search (see searchCustomers); default 10 000. */
  totalCap?: number;
}

/** msw handlers for the customer service v1, with the same contract, search rules and errors as the real one. */
export function customerHandlers(options: CustomerHandlersOptions = {}): RequestHandler[] {
  const baseUrl = mockBase(options.baseUrl, CUSTOMER_SERVICE);
  const customers = options.customers ?? createCustomerDataset();
  const byConsNo = new Map(customers.map((c) => [c.consNo, c]));
  const wait = async (): Promise<void> => {
    if (options.delayMs) await delay(options.delayMs);
  };

  return [
    http.get(`${baseUrl}/customers`, async ({ request }) => {
      await wait();
      const parsed = customerSearchQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return badRequest(parsed.error);
      return HttpResponse.json(searchCustomers(customers, parsed.data, options.totalCap));
    }),
    http.get(`${baseUrl}/customers/:consNo`, async ({ params }) => {
      await wait();
      const consNo = String(params['consNo']);
      const valid = consNoSchema.safeParse(consNo);
      if (!valid.success) return badRequest(valid.error, 'consNo');
      const customer = byConsNo.get(consNo);
      if (!customer) return apiError(404, ErrorCode.NotFound, `未找到户号为 ${consNo} 的客户`);
      return HttpResponse.json(customer);
    }),
  ];
}

function apiError(status: number, code: string, message: string, fields?: Record<string, string>) {
  const body: ApiErrorBody = { error: fields ? { code, message, fields } : { code, message } };
  return HttpResponse.json(body, { status });
}

/** The part of a zod error the 400 body needs (structural, so the mocks do not import zod themselves). */
interface ValidationError {
  issues: ReadonlyArray<{ code: string; path: readonly PropertyKey[]; message: string; keys?: readonly string[] }>;
}

/** 400 in the server's shape: a Chinese message naming the first problem, and one entry per field. */
function badRequest(error: ValidationError, pathPrefix?: string) {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const unknownKeys = issue.code === 'unrecognized_keys' ? (issue.keys ?? []) : [];
    const keys = unknownKeys.length > 0 ? unknownKeys : [issue.path.map(String).join('.') || pathPrefix || 'query'];
    const message = unknownKeys.length > 0 ? '不支持的查询参数' : issue.message;
    for (const key of keys) fields[key] ??= message;
  }
  const first = Object.entries(fields)[0];
  const message = first ? `请求参数不正确：${first[0]} ${first[1]}` : '请求参数不正确';
  return apiError(400, ErrorCode.BadRequest, message, fields);
}
