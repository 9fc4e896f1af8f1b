import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from './create-db.ts';
import { isDbUnavailableError } from './unavailable.ts';

// docs/quality.md R10, issue 9 item 12: a DATABASE_URL whose port accepts and never answers hung the start.
describe('PostgreSQL connect timeout', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  let port = 0;
  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.push(socket); // accepted, never answered
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('fails the start with a clear error naming the server and DB_CONNECT_TIMEOUT_MS', async () => {
    const started = Date.now();
    const error = await createDb({ databaseUrl: `postgres://postgres:secret@127.0.0.1:${port}/test`, connectTimeoutMs: 500 }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toContain(`127.0.0.1:${port}/test did not answer within 500 ms (DB_CONNECT_TIMEOUT_MS)`);
    expect(error?.message).not.toContain('secret');
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 10_000);
});

describe('isDbUnavailableError', () => {
  const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });
  it.each([
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['connection reset', withCode('read ECONNRESET', 'ECONNRESET')],
    ['pg: terminated', new Error('Connection terminated unexpectedly')],
    ['pg-pool: connect timeout', new Error('timeout exceeded when trying to connect')],
    ['admin shutdown 57P01', withCode('terminating connection due to administrator command', '57P01')],
    ['starting up 57P03', withCode('the database system is starting up', '57P03')],
    ['class 08', withCode('connection failure', '08006')],
    ['wrapped in a cause', new Error('query failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') })],
    ['in an AggregateError', new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], '')],
  ])('%s → unavailable', (_name, error) => {
    expect(isDbUnavailableError(error)).toBe(true);
  });

  it.each([
    ['unique violation', withCode('duplicate key', '23505')],
    ['syntax error', withCode('syntax error', '42601')],
    ['plain error', new Error('boom')],
    ['not an error', 'ECONNREFUSED'],
  ])('%s → not unavailable', (_name, error) => {
    expect(isDbUnavailableError(error)).toBe(false);
  });
});
