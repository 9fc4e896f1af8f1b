import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * The end of a benchmark's server-instance process (bench/lib/instance.ts, bench/p13-instance.ts): listens on a free
 * loopback port, prints `listening <port>` for the parent, and closes the app on SIGTERM or SIGINT.
 */
export async function serveInstance(app: FastifyInstance): Promise<void> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`listening ${(app.server.address() as AddressInfo).port}\n`);
  const stop = (): void => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
