import { isIP } from 'node:net';

export type NodeEnv = 'development' | 'production' | 'test';

/** Everything the server reads from the environment, parsed once (`loadConfig(process.env)`). */
export interface AppConfig {
  /** PORT, default 8080. */
  port: number;
  /** HOST, default `localhost` (IPv4 and IPv6 loopback). Containers set 0.0.0.0. */
  host: string;
  /** DATA_DIR, default ./.data: the embedded database lives in `<dataDir>/pg`. */
  dataDir: string;
  /** DATABASE_URL (`postgres://…`) switches from PGlite to PostgreSQL. */
  databaseUrl: string | undefined;
  /** REDIS_URL (`redis://…`): cross-instance invalidation of the access cache; unset: one instance, in-process. */
  redisUrl: string | undefined;
  /** SHELL_LOAD_TIMEOUT_MS: the shell's load timeout for a micro-app bundle; default the shell's 10 s. */
  shellLoadTimeoutMs: number | undefined;
  /** DB_POOL_MAX, PostgreSQL pool size, default 10. */
  dbPoolMax: number;
  /** DEMO_PASSWORD, default `Workbench#2026`. */
  demoPassword: string;
  /** DEMO_MODE=1|0: seed demo accounts. Default on in embedded mode (no DATABASE_URL), off otherwise. */
  demo: boolean;
  /** ASSET_BASE_URL: where /assets are served from (CDN); added to the CSP. */
  assetBaseUrl: string | undefined;
  nodeEnv: NodeEnv;
  /** LOG_LEVEL, default info (silent under NODE_ENV=test). */
  logLevel: string;
  /**
   * TRUST_PROXY: unset/false = use the socket address; `true`; a hop count; or a comma list of proxy
   * addresses/CIDRs. Only then do X-Forwarded-For/-Proto decide the client address, zone and TLS.
   */
  trustProxy: boolean | number | string[];
  /** INTRANET_CIDRS (comma list): addresses of the intranet zone. Default loopback + private ranges. */
  intranetCidrs: string[];
  /** SESSION_IDLE_MINUTES, default 30 (QUALITY.md S7). */
  sessionIdleMinutes: number;
  /** SESSION_ABSOLUTE_HOURS, default 12. */
  sessionAbsoluteHours: number;
  /** SEED_CUSTOMERS, customers generated on first start, default 20000. */
  seedCustomers: number;
  /** SEED, seed of the deterministic generators, default 20260101 (the same as `npm run seed`). */
  seed: number;
  /** SERVICE_<NAME>_URL → { '<name>': url }: the gateway proxies these services instead of embedding them. */
  serviceUrls: Record<string, string>;
  /**
   * WB_EXTRA_APP_DIRS (comma list, relative to the repository root): more parent folders of built micro-apps
   * to publish at start-up. Only the browser tests set it, for their fixture apps.
   */
  extraAppDirs: string[];
  /**
   * DEV_OVERRIDES=1: holders of `store:dev:override` may run one micro-app from a local dev server
   * (import-map-overrides). Development mode only: with NODE_ENV=production the server refuses to start.
   */
  devOverrides: boolean;
  /** DEV_OVERRIDE_ORIGINS (comma list): dev servers the overrides may load from; default Vite's ports. */
  devOverrideOrigins: string[];
}

export const DEFAULT_DEV_OVERRIDE_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4173'];

function devOverrides(env: Env, mode: NodeEnv): boolean {
  const on = flag(env, 'DEV_OVERRIDES', false);
  if (on && mode === 'production') {
    throw new Error('DEV_OVERRIDES is refused in production mode (NODE_ENV=production): import-map overrides are for development only');
  }
  return on;
}

function origins(raw: string | undefined): string[] {
  const values = raw ? list(raw) : DEFAULT_DEV_OVERRIDE_ORIGINS;
  return values.map((value) => {
    const url = parseUrl('DEV_OVERRIDE_ORIGINS', value);
    if (!url || new URL(url).origin !== url) throw new Error(`DEV_OVERRIDE_ORIGINS: "${value}" is not an origin (scheme://host[:port])`);
    return url;
  });
}

export const DEFAULT_INTRANET_CIDRS = ['127.0.0.0/8', '::1/128', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be 1 or 0, got "${env[name]}"`);
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function parseTrustProxy(raw: string | undefined): AppConfig['trustProxy'] {
  const value = raw?.trim();
  if (!value || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return list(value);
}

function parseCidrs(raw: string | undefined): string[] {
  const cidrs = raw ? list(raw) : DEFAULT_INTRANET_CIDRS;
  for (const cidr of cidrs) {
    const [address = '', prefix] = cidr.split('/');
    if (!isIP(address) || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) {
      throw new Error(`INTRANET_CIDRS: "${cidr}" is not an address or CIDR`);
    }
  }
  return cidrs;
}

function parseUrl(name: string, raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    return new URL(raw).toString().replace(/\/$/, '');
  } catch {
    throw new Error(`${name} is not a URL: "${raw}"`);
  }
}

function serviceUrls(env: Env): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const name = /^SERVICE_([A-Z][A-Z0-9_]*)_URL$/.exec(key)?.[1];
    const url = name ? parseUrl(key, value) : undefined;
    if (name && url) urls[name.toLowerCase().replace(/_/g, '-')] = url;
  }
  return urls;
}

function nodeEnv(raw: string | undefined): NodeEnv {
  return raw === 'production' || raw === 'test' ? raw : 'development';
}

export function loadConfig(env: Env): AppConfig {
  const databaseUrl = parseUrl('DATABASE_URL', env.DATABASE_URL);
  const mode = nodeEnv(env.NODE_ENV);
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST?.trim() || 'localhost',
    dataDir: env.DATA_DIR?.trim() || './.data',
    databaseUrl,
    redisUrl: parseUrl('REDIS_URL', env.REDIS_URL),
    shellLoadTimeoutMs: env.SHELL_LOAD_TIMEOUT_MS ? integer(env, 'SHELL_LOAD_TIMEOUT_MS', 10_000, 500, 120_000) : undefined,
    dbPoolMax: integer(env, 'DB_POOL_MAX', 10, 1, 1000),
    demoPassword: env.DEMO_PASSWORD || 'Workbench#2026',
    demo: flag(env, 'DEMO_MODE', databaseUrl === undefined),
    assetBaseUrl: parseUrl('ASSET_BASE_URL', env.ASSET_BASE_URL),
    nodeEnv: mode,
    logLevel: env.LOG_LEVEL?.trim() || (mode === 'test' ? 'silent' : 'info'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    intranetCidrs: parseCidrs(env.INTRANET_CIDRS),
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    seedCustomers: integer(env, 'SEED_CUSTOMERS', 20_000, 0, 1_000_000),
    seed: integer(env, 'SEED', 20_260_101, 0, 2 ** 31 - 1),
    extraAppDirs: list(env.WB_EXTRA_APP_DIRS),
    serviceUrls: serviceUrls(env),
    devOverrides: devOverrides(env, mode),
    devOverrideOrigins: origins(env.DEV_OVERRIDE_ORIGINS),
  };
}
