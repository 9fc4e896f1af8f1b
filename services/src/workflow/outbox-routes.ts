/**
 * Dead letters of the outbox (ADR 0024; relative, `/api/svc/workflow/v1/outbox/...`), for 系统管理 → 消息投递:
 * list the deliveries that failed their last attempt (with each consumer's pending and dead counts), retry one
 * (a fresh set of attempts, due now) or discard it. Permission `wf:process:manage`; retries and discards are audited.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorCode, WF_PROCESS_MANAGE } from '@wb/contracts';
import { deadLetterParamsSchema, deadLetterQuerySchema } from '@wb/contracts/workflow';
import type { DeadLetterList } from '@wb/contracts/workflow';
import { AppError, requires } from '@wb/server-kit';
import type { WorkflowEngineService } from './engine.ts';

const manage = requires(WF_PROCESS_MANAGE);

export function registerOutboxRoutes(app: FastifyInstance, engine: WorkflowEngineService): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/outbox/dead-letters', { config: manage, schema: { querystring: deadLetterQuerySchema } }, async (request): Promise<DeadLetterList> => {
    const query = request.query;
    const [list, consumers] = await Promise.all([engine.outbox.deadLetters(app.db, query), engine.outbox.stats(app.db)]);
    return { ...list, consumers };
  });

  for (const action of ['retry', 'discard'] as const) {
    routes.post(`/outbox/dead-letters/:id/${action}`, { config: manage, schema: { params: deadLetterParamsSchema } }, async (request, reply) => {
      const { id } = request.params;
      const done = action === 'retry' ? await engine.outbox.retry(app.db, id, app.now()) : await engine.outbox.discard(app.db, id);
      if (!done) throw new AppError(404, ErrorCode.NotFound, '未找到该死信（可能已被重试或丢弃）');
      await app.audit(request, { action: `workflow.outbox.${action}`, target: id, result: 'success' });
      if (action === 'retry') engine.afterCommit();
      return reply.code(204).send();
    });
  }
}
