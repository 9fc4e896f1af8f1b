import { BlockList, isIPv4 } from 'node:net';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { channelSchema } from '@wb/contracts';
import type { Channel, Zone } from '@wb/contracts';

export interface RequestContextOptions {
  /** Addresses of the intranet zone (CIDRs or single addresses). */
  intranetCidrs: readonly string[];
}

export const CHANNEL_HEADER = 'x-workbench-channel';

const CHANNEL_PREFIXES: ReadonlyArray<[string, Channel]> = [
  ['/m/', 'mobile'],
  ['/kiosk/', 'kiosk'],
  ['/screen/', 'screen'],
  // 掌上电力, the customers' own channel (ADR 0045).
  ['/c/', 'customer'],
];

function createIntranet(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address = '', prefix] = cidr.split('/');
    const type = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** `::ffff:10.1.2.3` (an IPv4 client on a dual-stack socket) is matched as 10.1.2.3. */
function zoneOf(intranet: BlockList, ip: string): Zone {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const address = mapped ?? ip;
  try {
    return intranet.check(address, isIPv4(address) ? 'ipv4' : 'ipv6') ? 'intranet' : 'internet';
  } catch {
    return 'internet';
  }
}

/**
 * The channel is where the user works (PC workbench, mobile, kiosk, large screen): the entry path prefix,
 * else the shell's `x-workbench-channel` header. Unlike the zone it is a presentation hint a client can
 * choose, so it must never be the only thing that grants access.
 */
function channelOf(request: FastifyRequest): Channel {
  for (const [prefix, channel] of CHANNEL_PREFIXES) if (request.url.startsWith(prefix)) return channel;
  const header = request.headers[CHANNEL_HEADER];
  // Most requests send none: no failed parse (zod builds an issue list for it) on every request.
  if (header === undefined) return 'workbench';
  const declared = channelSchema.safeParse(header);
  return declared.success ? declared.data : 'workbench';
}

/** Distinct client addresses whose zone is remembered; the memo starts over when it is full. */
const ZONE_MEMO_SIZE = 10_000;

/**
 * Stamps `request.zone` and `request.channel`. The zone comes from the client address: the socket address,
 * or X-Forwarded-For only when TRUST_PROXY names the proxy. Fastify's `trustProxy` (proxy-addr) computes
 * `request.ip` as the first hop from the right that is not a named proxy, so entries a client wrote itself
 * are never believed; config refuses `TRUST_PROXY=true`, which would believe them (ADR 0017).
 */
async function requestContextPlugin(app: FastifyInstance, options: RequestContextOptions): Promise<void> {
  const intranet = createIntranet(options.intranetCidrs);
  // The list is fixed for the app's life, so an address's zone never changes: BlockList.check (a native
  // SocketAddress per call) ran on every request of both the gateway and the upstream (P5 profile).
  const zones = new Map<string, Zone>();
  const zoneOfIp = (ip: string): Zone => {
    let zone = zones.get(ip);
    if (zone === undefined) {
      if (zones.size >= ZONE_MEMO_SIZE) zones.clear();
      zone = zoneOf(intranet, ip);
      zones.set(ip, zone);
    }
    return zone;
  };
  app.decorateRequest('zone', 'internet');
  app.decorateRequest('channel', 'workbench');
  app.addHook('onRequest', async (request) => {
    request.zone = zoneOfIp(request.ip);
    request.channel = channelOf(request);
  });
}

export default fp(requestContextPlugin, { name: 'wb-request-context', fastify: '5.x' });
