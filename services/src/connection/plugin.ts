import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { createFsAttachmentStore, type AttachmentStore } from '../attachments/index.ts';
import { registerAttachmentRoutes } from './attachment-routes.ts';
import type { WorkflowEngine } from '../workflow/index.ts';
import { CONNECTION_DOMAIN } from './domain.ts';
import { createConnectionOperations } from './operations.ts';
import { registerConnectionRoutes } from './routes.ts';
import { applicationScopeFromAccess, type ApplicationScopeResolver } from './scope.ts';

export interface ConnectionServiceOptions {
  /** The workflow engine, called in-process in the transaction of each step (services/src/workflow/engine-api.ts). */
  engine: WorkflowEngine;
  /** Data scope per request. Default: the principal's `yk_apply` scope from the access model. */
  resolveScope?: ApplicationScopeResolver;
  /**
   * Where the files of applications live (ADR 0067); the composition root passes the configured one
   * (modules.ts `attachmentStoreOf`). Absent (tests, tools): a temporary folder, removed when the app closes.
   */
  attachments?: AttachmentStore | undefined;
}

/**
 * The connection domain service (业扩报装), v1. Encapsulated (no fastify-plugin): the gateway registers it
 * under `/api/svc/connection/v1`.
 */
export const connectionServicePlugin: FastifyPluginAsync<ConnectionServiceOptions> = async (app, options) => {
  // Its processes are bound to it (ADR 0021): the generic workflow API refuses to act on them around this service.
  options.engine.registerDomain(CONNECTION_DOMAIN);
  const resolveScope = options.resolveScope ?? (app.hasDecorator('accessScope') ? applicationScopeFromAccess : () => undefined);
  let store = options.attachments;
  if (!store) {
    const dir = await mkdtemp(path.join(tmpdir(), 'wb-attachments-'));
    app.addHook('onClose', async () => rm(dir, { recursive: true, force: true }));
    store = createFsAttachmentStore(dir);
  }
  await registerAttachmentRoutes(app, { store, engine: options.engine, resolveScope });
  registerConnectionRoutes(app, {
    operations: createConnectionOperations({ db: app.db, engine: options.engine, now: () => app.now() }),
    resolveScope,
  });
};
