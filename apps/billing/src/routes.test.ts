import { describe, expect, it } from 'vitest';
import { matchRoutes } from '@wb/sdk';
import { ROUTES, toBillingRoute } from './routes.ts';

const route = (pathname: string) => toBillingRoute(matchRoutes(ROUTES, { pathname, search: '' }, '/app/billing'));

describe('电费账务 routes', () => {
  it('maps paths to pages and validates 户号 and ids', () => {
    expect(route('/app/billing')).toEqual({ kind: 'home' });
    expect(route('/app/billing/counter')).toEqual({ kind: 'counter', consNo: null });
    expect(route('/app/billing/counter/3340201001')).toEqual({ kind: 'counter', consNo: '3340201001' });
    expect(route('/app/billing/counter/33402')).toEqual({ kind: 'notFound' });
    expect(route('/app/billing/receipts/80001')).toEqual({ kind: 'receipt', paymentId: '80001' });
    expect(route('/app/billing/receipts/abc')).toEqual({ kind: 'notFound' });
    expect(route('/app/billing/batches/71')).toEqual({ kind: 'batch', id: '71' });
    expect(route('/app/billing/arrears')).toEqual({ kind: 'arrears' });
    expect(route('/app/billing/nothing')).toEqual({ kind: 'notFound' });
    // Bound tasks open from the inbox by business key (ADR 0049).
    expect(route('/app/billing/batches/HS71')).toEqual({ kind: 'batch', id: '71' });
    expect(route('/app/billing/orders/FD9003')).toEqual({ kind: 'order', id: '9003' });
    expect(route('/app/billing/orders/TD12')).toEqual({ kind: 'order', id: '12' });
    expect(route('/app/billing/orders/XX12')).toEqual({ kind: 'notFound' });
    expect(route('/app/billing/readings')).toEqual({ kind: 'readings', consNo: null, ym: null });
    expect(route('/app/billing/readings/3340201001-202604')).toEqual({ kind: 'readings', consNo: '3340201001', ym: '202604' });
    expect(route('/app/billing/readings/3340201001-202613')).toEqual({ kind: 'notFound' });
    expect(route('/app/billing/reversals/3340201001')).toEqual({ kind: 'reversals', consNo: '3340201001' });
    expect(route('/app/billing/portal-accounts')).toEqual({ kind: 'portalAccounts', id: null });
    expect(route('/app/billing/portal-accounts/17')).toEqual({ kind: 'portalAccounts', id: '17' });
    expect(route('/app/billing/portal-accounts/x7')).toEqual({ kind: 'notFound' });
  });
});
