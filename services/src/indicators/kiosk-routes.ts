/**
 * The kiosk routes of the indicators service v1 (`/api/svc/indicators/v1/kiosk/...`, ADR 0061): public information
 * for customers at a 营业厅's self-service terminal, behind `ops:kiosk:view` (the terminal's account).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { OPS_KIOSK_VIEW, kioskApplicationParamsSchema, kioskApplicationQuerySchema } from '@wb/contracts/indicators';
import type { createKiosk } from './kiosk.ts';

const access = { access: { permission: OPS_KIOSK_VIEW } };

export function registerKioskRoutes(app: FastifyInstance, kiosk: ReturnType<typeof createKiosk>): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/kiosk/outages', { config: access }, async () => ({ items: await kiosk.outages() }));
  routes.get('/kiosk/tariffs', { config: access }, async () => ({ items: kiosk.tariffs() }));
  routes.get('/kiosk/applications/:appNo', { config: access, schema: { params: kioskApplicationParamsSchema, querystring: kioskApplicationQuerySchema } }, async (request) =>
    kiosk.application(request.params.appNo, request.query.phone4),
  );
}
