import { describe, expect, it } from 'vitest';
import { matchRoutes } from '@wb/sdk';
import { ROUTES, toTicketRoute } from './routes.ts';

const BASE = '/app/service-tickets';
const route = (pathname: string) => toTicketRoute(matchRoutes(ROUTES, { pathname, search: '' }, BASE));

describe('routes of 客服工单', () => {
  it('maps the lists, intake and a ticket with its task node', () => {
    expect(route(BASE)).toEqual({ kind: 'home' });
    expect(route(`${BASE}/intake`)).toEqual({ kind: 'intake' });
    expect(route(`${BASE}/dispatch`)).toEqual({ kind: 'list', view: 'dispatch' });
    expect(route(`${BASE}/sla`)).toEqual({ kind: 'sla' });
    expect(route(`${BASE}/tickets/2026000000000101`)).toEqual({ kind: 'detail', no: '2026000000000101', node: null });
    expect(route(`${BASE}/tickets/2026000000000101/review`)).toEqual({ kind: 'detail', no: '2026000000000101', node: 'review' });
  });

  it('answers 404 for a malformed 工单号 or node and for unknown pages', () => {
    expect(route(`${BASE}/tickets/12345`)).toEqual({ kind: 'notFound' });
    expect(route(`${BASE}/tickets/2026000000000101/<script>`)).toEqual({ kind: 'notFound' });
    expect(route(`${BASE}/nowhere`)).toEqual({ kind: 'notFound' });
  });
});
