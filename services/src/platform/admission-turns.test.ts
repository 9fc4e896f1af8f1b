import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { arrivedAt, boundTurns } from './admission-turns.ts';

const HANDLER_MS = 10;
const BUSY = 30;
const LATE = 5;

let server: http.Server | undefined;
const sockets: net.Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** A raw keep-alive connection; resolves when the client side is connected. */
function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
    sockets.push(socket);
  });
}

/**
 * A server whose every request costs HANDLER_MS of the event loop (its synchronous work), with BUSY connections
 * accepted and idle. Then, in one tick, each of them sends a request and LATE new connections are opened: they
 * wait in the kernel's accept queue, and the server accepts one per event-loop turn (libuv ≥ 1.45, ADR 0104).
 * Returns how many requests had started when the last late connection was accepted, and the requests' order.
 */
async function burst(bound: boolean): Promise<{ startedBeforeLastAccept: number; order: number[]; statuses: string[]; waitedMs: number[] }> {
  const order: number[] = [];
  const waitedMs: number[] = [];
  server = http.createServer((req, res) => {
    order.push(Number(req.url?.slice(1)));
    waitedMs.push(Date.now() - (arrivedAt(req) ?? Date.now()));
    busy(HANDLER_MS);
    res.end('ok');
  });
  if (bound) boundTurns(server, 2);
  let accepted = 0;
  let startedBeforeLastAccept = -1;
  let lastAccepted!: () => void;
  const allLateAccepted = new Promise<void>((resolve) => (lastAccepted = resolve));
  server.on('connection', () => {
    accepted++;
    if (accepted === BUSY + LATE) {
      startedBeforeLastAccept = order.length;
      lastAccepted();
    }
  });
  await new Promise<void>((resolve) => server!.listen({ port: 0, host: '127.0.0.1' }, resolve));
  const { port } = server.address() as AddressInfo;
  const idle = await Promise.all(Array.from({ length: BUSY }, () => connect(port)));
  while (accepted < BUSY) await new Promise((resolve) => setImmediate(resolve));

  const statuses = idle.map(
    (socket) => new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1').split('\r\n')[0] ?? ''))),
  );
  idle.forEach((socket, i) => socket.write(`GET /${i} HTTP/1.1\r\nHost: test\r\n\r\n`));
  const late = Array.from({ length: LATE }, () => connect(port));
  await Promise.all([allLateAccepted, ...late]);
  return { startedBeforeLastAccept, order, statuses: await Promise.all(statuses), waitedMs };
}

describe('short event-loop turns (ADR 0104)', () => {
  it('without a bound, one turn starts every waiting request before the next connection is accepted', async () => {
    const { startedBeforeLastAccept } = await burst(false);
    // The reproduction: new connections wait behind all BUSY requests (BUSY × HANDLER_MS of the loop).
    expect(startedBeforeLastAccept).toBe(BUSY);
  });

  it('with a bound, connections are accepted between turns of a few requests; every request is answered, in order', async () => {
    const { startedBeforeLastAccept, order, statuses, waitedMs } = await burst(true);
    // A HANDLER_MS request spends a turn's budget: each turn starts one, then the loop polls again and accepts one
    // connection. LATE connections wait for a few turns, not for all BUSY requests.
    expect(startedBeforeLastAccept).toBeLessThanOrEqual(LATE + 1);
    expect(order).toEqual(Array.from({ length: BUSY }, (_, i) => i));
    expect(statuses).toEqual(Array.from({ length: BUSY }, () => 'HTTP/1.1 200 OK'));
    // The arrival time is the request's, not its turn's: the last ones waited for the turns before them.
    expect(Math.max(...waitedMs)).toBeGreaterThanOrEqual(HANDLER_MS * 10);
  });
});
