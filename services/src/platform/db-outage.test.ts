import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { CSRF_HEADER, ErrorCode } from '@wb/contracts';
import { createScratchDatabase, testDatabaseUrl, testDbKinds, type ScratchDatabase } from '@wb/server-kit/testing';
import { allMigrationGroups, buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { seedIdentity } from '../seed/index.ts';
import { TEST_PASSWORD, TEST_REGISTRY_DIRS, TEST_SCRYPT_N, sessionCookieOf } from '../testing/harness.ts';

/** A TCP proxy in front of PostgreSQL that a test can cut (every connection dropped, new ones refused) and restore. */
function createCuttableProxy(target: { host: string; port: number }): { port: () => number; start: () => Promise<void>; cut: () => Promise<void>; stop: () => Promise<void> } {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const start = async (): Promise<void> => {
    server = createServer((client) => {
      const upstream = createConnection(target.port, target.host);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  const cut = async (): Promise<void> => {
    const closed = new Promise((resolve) => server?.close(resolve));
    for (const s of sockets) s.destroy();
    await closed;
  };
  return { port: () => port, start, cut, stop: cut };
}

// docs/quality.md R10, issue 9 item 12: a database outage mid-run gave 500 on every request.
describe.runIf(testDbKinds().includes('postgres'))('PostgreSQL outage', () => {
  const direct = new URL(testDatabaseUrl());
  const proxy = createCuttableProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  // A database of its own cloned from the migrated template (ADR 0056): this test is about the outage, not migrating.
  let scratch: ScratchDatabase | undefined;
  let app: FastifyInstance;
  let cookie = '';
  const get = (url: string): Promise<LightMyRequestResponse> => app.inject({ method: 'GET', url, headers: { cookie, [CSRF_HEADER]: '1' } } as InjectOptions);

  beforeAll(async () => {
    scratch = await createScratchDatabase({ migrations: allMigrationGroups() });
    await proxy.start();
    const url = new URL(scratch.url);
    url.port = String(proxy.port());
    app = await buildApp(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url.toString(), DB_CONNECT_TIMEOUT_MS: '2000', DB_POOL_MAX: '4' }), {
      registry: TEST_REGISTRY_DIRS,
      logger: false,
      testing: { scryptN: TEST_SCRYPT_N },
    });
    await app.ready();
    await seedIdentity(app.db, { demoPassword: TEST_PASSWORD, demo: true, scryptN: TEST_SCRYPT_N });
    const login = await app.inject({ method: 'POST', url: '/api/identity/login', headers: { [CSRF_HEADER]: '1' }, payload: { username: 'admin', password: TEST_PASSWORD } });
    cookie = sessionCookieOf(login) ?? '';
    expect(login.statusCode).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await proxy.stop().catch(() => undefined);
    await app?.close();
    await scratch?.drop();
  }, 60_000);

  it('answers 503 with Retry-After and is not ready while the database is away, then recovers by itself', async () => {
    expect((await get('/api/health/ready')).statusCode).toBe(200);
    expect((await get('/api/svc/iam/v1/roles')).statusCode).toBe(200);

    await proxy.cut();
    for (const url of ['/api/svc/iam/v1/roles', '/api/svc/iam/v1/org-units', '/api/svc/iam/v1/roles']) {
      const response = await get(url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(503);
      expect(response.headers['retry-after']).toBeDefined();
      expect(response.json()).toMatchObject({ error: { code: ErrorCode.ServiceUnavailable } });
    }
    const ready = await get('/api/health/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBeDefined();

    await proxy.start();
    let roles = await get('/api/svc/iam/v1/roles');
    for (let i = 0; i < 20 && roles.statusCode !== 200; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      roles = await get('/api/svc/iam/v1/roles');
    }
    expect(roles.statusCode).toBe(200);
    expect((await get('/api/health/ready')).statusCode).toBe(200);
  }, 60_000);
});
