// msw handlers of the services this app calls, for its tests (msw/node) and its dev harness (msw/browser).
import { http, HttpResponse } from 'msw';
import type { CustomerSearchResult, CustomerSummary } from '@wb/contracts';

export const CUSTOMER_BASE = '/api/svc/customer/v1';

export const sampleCustomers: CustomerSummary[] = [
  { consNo: '3300000001', name: '江州市第一中学', address: '江州市文昌路 1 号', phone: '0571-8800001', elecType: '400', elecTypeName: '非居民照明', voltageCode: 'AC00101', voltageName: '交流 10kV', status: 'normal', orgUnitName: '江州城区供电所' },
  { consNo: '3300000002', name: '张三', address: '江州市滨河路 18 号 2 幢', phone: '13800000002', elecType: '100', elecTypeName: '居民生活', voltageCode: 'AC02202', voltageName: '交流 220V', status: 'normal', orgUnitName: '江州城区供电所' },
];

export const handlers = [
  http.get(`*${CUSTOMER_BASE}/customers`, ({ request }) => {
    const q = new URL(request.url).searchParams.get('q') ?? '';
    const items = sampleCustomers.filter((c) => c.consNo.startsWith(q) || c.name.includes(q) || c.phone.includes(q));
    const body: CustomerSearchResult = { items, page: 1, pageSize: 10, total: items.length, capped: false };
    return HttpResponse.json(body);
  }),
];
