/**
 * The kiosk routes of the indicators service v1 (`/api/svc/indicators/v1/kiosk/...`, ADR 0061): public information
 * for customers at a 营业厅's self-service terminal, behind `ops:kiosk:view` (the terminal's account). The 业扩
 * lookup counts wrong answers and locks a number after too many of them (kiosk-limits.ts, ADR 0071).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { OPS_KIOSK_VIEW, kioskApplicationParamsSchema, kioskApplicationQuerySchema } from '@wb/contracts/indicators';
import { AppError, requires } from '@wb/server-kit';
import type { createKiosk } from './kiosk.ts';
import type { KioskLimits } from './kiosk-limits.ts';

const access = requires(OPS_KIOSK_VIEW);

export function registerKioskRoutes(app: FastifyInstance, kiosk: ReturnType<typeof createKiosk>, limits: KioskLimits): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/kiosk/outages', { config: access }, async () => ({ items: await kiosk.outages() }));
  routes.get('/kiosk/tariffs', { config: access }, async () => ({ items: kiosk.tariffs() }));
  routes.get('/kiosk/applications/:appNo', { config: access, schema: { params: kioskApplicationParamsSchema, querystring: kioskApplicationQuerySchema } }, async (request) => {
    const { appNo } = request.params;
    await limits.admit(request, appNo);
    try {
      return await kiosk.application(appNo, request.query.phone4);
    } catch (error) {
      // A wrong pair and an unknown number answer alike (404), and count alike.
      if (error instanceof AppError && error.statusCode === 404) await limits.wrong(request, appNo);
      throw error;
    }
  });
}
