/**
 * The server as a process (ADR 0020): open, seed, listen, and drain on a signal. `server.ts` runs it with the
 * repository's builds; the process tests run it with the registry's fixture builds.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import type { BuildAppOptions } from '../app.ts';
import { loadConfig } from '../config.ts';
import { seedOnFirstStart } from '../seed/index.ts';

/** After the drain deadline, closing (database, connections) may take this long before the process exits anyway. */
const CLOSE_GRACE_MS = 5_000;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * On the first signal: readiness turns false and new requests get 503 with Retry-After (lifecycle.ts); requests in
 * flight finish until `shutdownTimeoutMs`, the rest get 503; then the listener, connections and database close and
 * the process exits 0. Later signals are logged and ignored: a terminal's Ctrl-C reaches both the launcher (which
 * forwards it) and this process.
 */
function installShutdown(app: FastifyInstance, shutdownTimeoutMs: number): void {
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) {
      app.log.info({ signal }, 'already shutting down');
      return;
    }
    closing = true;
    app.log.info({ signal, timeoutMs: shutdownTimeoutMs }, 'shutting down: draining requests');
    const force = setTimeout(() => {
      app.log.error('shutdown did not finish in time: exiting');
      process.exit(1);
    }, shutdownTimeoutMs + CLOSE_GRACE_MS);
    force.unref();
    try {
      const report = await app.lifecycle.drain(shutdownTimeoutMs);
      app.log.info(report, 'drained');
      await app.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  for (const signal of SIGNALS) process.on(signal, () => void shutdown(signal));
}

export interface RunServerOptions extends Pick<BuildAppOptions, 'registry' | 'services' | 'plugins'> {
  /** Seed a first start (default true); a split-off service process leaves that to the full server. */
  seed?: boolean;
}

/** Builds the app from the environment, seeds a first start (or completes an interrupted one) and listens. */
export async function runServer(env: Record<string, string | undefined>, options: RunServerOptions = {}): Promise<FastifyInstance> {
  const config = loadConfig(env);
  const { seed = true, ...buildOptions } = options;
  const app = await buildApp(config, buildOptions);
  installShutdown(app, config.shutdownTimeoutMs);
  await app.ready();
  if (seed) await seedOnFirstStart(app.db, config, app.log);
  // What the seed or the downtime left (SLA sweep, outbox backlog) is done before the first request (ADR 0077).
  await app.lifecycle.catchUp();
  await app.listen({ port: config.port, host: config.host });
  return app;
}
