import { isIP } from 'node:net';
import type { LoginLimits } from './identity/login-guard.ts';
import { DEFAULT_PASSWORD_POLICY } from './identity/password-policy.ts';
import type { PasswordPolicyOptions } from './identity/password-policy.ts';

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
  /** DB_CONNECT_TIMEOUT_MS: ms a new PostgreSQL connection may take (at start and later), default 10,000. */
  dbConnectTimeoutMs: number;
  /**
   * SHUTDOWN_TIMEOUT_MS: on SIGTERM/SIGINT, ms to finish the requests in flight before the rest get 503
   * and the process exits; default 10,000 (ADR 0020).
   */
  shutdownTimeoutMs: number;
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
   * TRUST_PROXY: unset/false = use the socket address; a comma list of the proxies' addresses or CIDRs
   * (or proxy-addr's `loopback`, `linklocal`, `uniquelocal`); or a hop count. Only then do
   * X-Forwarded-For/-Proto decide the client address (the first untrusted hop from the right), zone and
   * TLS. `true` (trust every hop) is refused: a client could name its own address (ADR 0017).
   */
  trustProxy: false | number | string[];
  /** INTRANET_CIDRS (comma list): addresses of the intranet zone. Default loopback + private ranges. */
  intranetCidrs: string[];
  /** SESSION_IDLE_MINUTES, default 30 (docs/quality.md S7). */
  sessionIdleMinutes: number;
  /** SESSION_ABSOLUTE_HOURS, default 12. */
  sessionAbsoluteHours: number;
  /** SESSION_MAX_PER_USER: concurrent sessions of one user; a new one ends the oldest first. 0 (default): no cap. */
  sessionMaxPerUser: number;
  /** PASSWORD_MIN_LENGTH (default 8) and PASSWORD_MIN_CLASSES (default 3 of upper, lower, digit, symbol): ADR 0017. */
  passwordPolicy: PasswordPolicyOptions;
  /** LOGIN_* : hash queue, per-address and per-account limits, lockout (ADR 0018; defaults in identity/login-guard.ts). */
  login: LoginLimits;
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
  /** The workflow service's outbox, retention and push (ADR 0024). */
  workflow: WorkflowConfig;
}

export interface WorkflowConfig {
  /** WF_OUTBOX_MAX_ATTEMPTS (default 8): attempts of a delivery before it becomes a dead letter. */
  outboxMaxAttempts: number;
  /** WF_OUTBOX_BACKOFF_MS (default 1000): first retry delay, doubled per failure, capped at WF_OUTBOX_BACKOFF_MAX_MS (default 600,000). */
  outboxBackoffMs: number;
  outboxBackoffMaxMs: number;
  /** WF_OUTBOX_RETENTION_DAYS (default 7): published events with no delivery left are deleted after this. */
  outboxRetentionDays: number;
  /** WF_IDEMPOTENCY_RETENTION_HOURS (default 24): Idempotency-Key records are kept this long. */
  idempotencyRetentionHours: number;
  /** WF_NOTIFICATION_RETENTION_DAYS (default 30): read notifications are deleted this long after reading. */
  notificationRetentionDays: number;
  /** WF_STREAM_MAX_PER_USER (default 5): push streams one user may hold per instance. */
  streamMaxPerUser: number;
  /** WF_STREAM_HEARTBEAT_MS (default 25,000): heartbeat and session check of push streams. */
  streamHeartbeatMs: number;
}

function workflowConfig(env: Env): WorkflowConfig {
  return {
    outboxMaxAttempts: integer(env, 'WF_OUTBOX_MAX_ATTEMPTS', 8, 1, 100),
    outboxBackoffMs: integer(env, 'WF_OUTBOX_BACKOFF_MS', 1000, 0, 3_600_000),
    outboxBackoffMaxMs: integer(env, 'WF_OUTBOX_BACKOFF_MAX_MS', 600_000, 0, 86_400_000),
    outboxRetentionDays: integer(env, 'WF_OUTBOX_RETENTION_DAYS', 7, 1, 3650),
    idempotencyRetentionHours: integer(env, 'WF_IDEMPOTENCY_RETENTION_HOURS', 24, 1, 24 * 3650),
    notificationRetentionDays: integer(env, 'WF_NOTIFICATION_RETENTION_DAYS', 30, 1, 3650),
    streamMaxPerUser: integer(env, 'WF_STREAM_MAX_PER_USER', 5, 1, 100),
    streamHeartbeatMs: integer(env, 'WF_STREAM_HEARTBEAT_MS', 25_000, 1000, 600_000),
  };
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

/** Names proxy-addr (Fastify's `trustProxy`) accepts besides addresses and CIDRs. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** Issue 9 item 5: only named proxies are trusted, so the client address is the first untrusted hop from the right. */
function parseTrustProxy(raw: string | undefined): AppConfig['trustProxy'] {
  const value = raw?.trim();
  if (!value || value === 'false' || value === '0') return false;
  if (value === 'true') {
    throw new Error(
      'TRUST_PROXY=true is refused: it trusts every X-Forwarded-For hop, so a client could choose its own address and zone. ' +
        'Name the proxies instead (addresses or CIDRs, comma-separated), e.g. TRUST_PROXY=127.0.0.1 for nginx on this host',
    );
  }
  if (/^\d+$/.test(value)) return Number(value);
  const proxies = list(value);
  for (const proxy of proxies) {
    if (!PROXY_RANGE_NAMES.has(proxy) && !isAddressOrCidr(proxy)) {
      throw new Error(`TRUST_PROXY: "${proxy}" is not an address, a CIDR or one of loopback, linklocal, uniquelocal`);
    }
  }
  return proxies;
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

function loginLimits(env: Env): LoginLimits {
  return {
    hashConcurrency: integer(env, 'LOGIN_HASH_CONCURRENCY', 2, 1, 64),
    hashQueue: integer(env, 'LOGIN_HASH_QUEUE', 16, 0, 10_000),
    accountMaxFailures: integer(env, 'LOGIN_ACCOUNT_MAX_FAILURES', 10, 1, 1000),
    addressMaxFailures: integer(env, 'LOGIN_ADDRESS_MAX_FAILURES', 20, 1, 100_000),
    addressMaxAttemptsPerMinute: integer(env, 'LOGIN_ADDRESS_MAX_ATTEMPTS', 600, 1, 1_000_000),
    lockoutFailures: integer(env, 'LOGIN_LOCKOUT_FAILURES', 20, 1, 100_000),
    lockoutMinutes: integer(env, 'LOGIN_LOCKOUT_MINUTES', 15, 1, 24 * 60),
  };
}

function passwordPolicy(env: Env): PasswordPolicyOptions {
  return {
    minLength: integer(env, 'PASSWORD_MIN_LENGTH', DEFAULT_PASSWORD_POLICY.minLength, 8, 128),
    minClasses: integer(env, 'PASSWORD_MIN_CLASSES', DEFAULT_PASSWORD_POLICY.minClasses, 1, 4),
  };
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
    dbConnectTimeoutMs: integer(env, 'DB_CONNECT_TIMEOUT_MS', 10_000, 100, 600_000),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    demoPassword: env.DEMO_PASSWORD || 'Workbench#2026',
    demo: flag(env, 'DEMO_MODE', databaseUrl === undefined),
    assetBaseUrl: parseUrl('ASSET_BASE_URL', env.ASSET_BASE_URL),
    nodeEnv: mode,
    logLevel: env.LOG_LEVEL?.trim() || (mode === 'test' ? 'silent' : 'info'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    intranetCidrs: parseCidrs(env.INTRANET_CIDRS),
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    sessionMaxPerUser: integer(env, 'SESSION_MAX_PER_USER', 0, 0, 1000),
    passwordPolicy: passwordPolicy(env),
    login: loginLimits(env),
    seedCustomers: integer(env, 'SEED_CUSTOMERS', 20_000, 0, 1_000_000),
    seed: integer(env, 'SEED', 20_260_101, 0, 2 ** 31 - 1),
    extraAppDirs: list(env.WB_EXTRA_APP_DIRS),
    serviceUrls: serviceUrls(env),
    devOverrides: devOverrides(env, mode),
    devOverrideOrigins: origins(env.DEV_OVERRIDE_ORIGINS),
    workflow: workflowConfig(env),
  };
}
