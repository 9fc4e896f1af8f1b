/**
 * The client address and zone behind proxies (issue 9 item 5): with TRUST_PROXY naming the proxies, the
 * client is the first untrusted hop from the right of X-Forwarded-For (proxy-addr semantics), so a client
 * cannot claim the intranet by sending its own header; `TRUST_PROXY=true` (trust every hop) is refused.
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { trustProxyOption } from '../app.ts';
import { loadConfig } from '../config.ts';
import requestContextPlugin from './request-context.ts';

const NGINX = '127.0.0.1';

async function contextApp(env: Record<string, string>): Promise<FastifyInstance> {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const app = Fastify({ trustProxy: trustProxyOption(config.trustProxy) });
  await app.register(requestContextPlugin, { intranetCidrs: config.intranetCidrs });
  app.get('/context', async (request) => ({ ip: request.ip, zone: request.zone }));
  return app;
}

describe('client address and zone behind proxies', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  it('keeps each address in its own zone, and the channel by header, on one app over many requests (zones remembered, a7f62eb)', async () => {
    app = await contextApp({ TRUST_PROXY: 'false' });
    app.get('/channel', async (request) => ({ channel: request.channel }));
    const zoneFrom = async (remoteAddress: string) => (await app!.inject({ method: 'GET', url: '/context', remoteAddress })).json().zone;
    for (let i = 0; i < 3; i++) {
      expect(await zoneFrom('10.1.2.3')).toBe('intranet');
      expect(await zoneFrom('8.8.8.8')).toBe('internet');
      expect(await zoneFrom('::ffff:192.168.1.5')).toBe('intranet');
    }
    const channel = async (headers: Record<string, string>) => (await app!.inject({ method: 'GET', url: '/channel', headers })).json().channel;
    expect(await channel({})).toBe('workbench');
    expect(await channel({ 'x-workbench-channel': 'mobile' })).toBe('mobile');
    expect(await channel({ 'x-workbench-channel': 'bogus' })).toBe('workbench');
  });

  it('refuses TRUST_PROXY=true at start, naming the way out', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY=true is refused.*Name the proxies/);
  });

  it.each([
    // TRUST_PROXY, socket address, X-Forwarded-For, client address, zone
    ['127.0.0.1', NGINX, '10.1.1.1, 8.8.8.8', '8.8.8.8', 'internet'],
    ['127.0.0.1', NGINX, '8.8.8.8, 10.1.1.1', '10.1.1.1', 'intranet'],
    ['127.0.0.1', NGINX, '8.8.8.8', '8.8.8.8', 'internet'],
    ['loopback', NGINX, '10.1.1.1, 8.8.8.8', '8.8.8.8', 'internet'],
    ['127.0.0.1, 10.0.0.0/8', NGINX, '10.1.1.1, 8.8.8.8, 10.2.2.2', '8.8.8.8', 'internet'],
    ['127.0.0.1, 10.0.0.0/8', NGINX, '203.0.113.7, 10.2.2.2', '203.0.113.7', 'internet'],
    ['1', NGINX, '10.1.1.1, 8.8.8.8', '8.8.8.8', 'internet'],
    // A client that reaches the server directly is no proxy: its header is not believed.
    ['127.0.0.1', '203.0.113.5', '10.1.1.1', '203.0.113.5', 'internet'],
    ['false', '203.0.113.5', '10.1.1.1', '203.0.113.5', 'internet'],
  ])('TRUST_PROXY=%s, from %s with X-Forwarded-For "%s": client %s, zone %s', async (trust, socket, forwarded, ip, zone) => {
    app = await contextApp({ TRUST_PROXY: trust });
    const response = await app.inject({ method: 'GET', url: '/context', remoteAddress: socket, headers: { 'x-forwarded-for': forwarded } });
    expect(response.json()).toEqual({ ip, zone });
  });
});
