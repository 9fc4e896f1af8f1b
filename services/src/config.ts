import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './identity/login-guard.ts';
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
  /** METRICS_TOKEN: bearer token for GET /metrics (at least 16 characters); unset: the intranet zone only (ADR 0057). */
  metricsToken: string | undefined;
  /** SHELL_LOAD_TIMEOUT_MS: the shell's load timeout for a micro-app bundle; default the shell's 10 s. */
  shellLoadTimeoutMs: number | undefined;
  /** DB_POOL_MAX, PostgreSQL pool size, default 10. */
  dbPoolMax: number;
  /**
   * PGLITE_THREAD, embedded mode only: `worker` (default) runs the embedded database in a worker thread so that a
   * long statement never freezes request handling (ADR 0065); `main` runs it on the server's thread.
   */
  pgliteThread: 'worker' | 'main';
  /** DB_CONNECT_TIMEOUT_MS: ms a new PostgreSQL connection may take (at start and later), default 10,000. */
  dbConnectTimeoutMs: number;
  /**
   * Admission control of API requests (platform/admission.ts, ADR 0031): ADMISSION_MAX_ACTIVE requests at once
   * (default 8 in embedded mode outside tests, else 0 = off), the rest queue for at most ADMISSION_MAX_WAIT_MS
   * (default 1000) behind at most ADMISSION_MAX_QUEUE others (default 1000), then get 503 with Retry-After. An
   * admitted request's turns at the embedded database must come within ADMISSION_DEADLINE_MS of its arrival
   * (default ADMISSION_MAX_WAIT_MS; 0 = no deadline), else the same 503 (ADR 0088). With admission on, one
   * event-loop turn starts at most ADMISSION_TURN_MS of requests (default 2; 0 = no bound), so that waiting
   * connections are accepted between turns (ADR 0104).
   */
  admission: { maxActive: number; maxWaitMs: number; maxQueue: number; deadlineMs: number; turnMs: number };
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
  /**
   * Where uploaded attachments live (ADR 0067). ATTACHMENT_STORE=fs (default): a folder, ATTACHMENT_DIR, default
   * `<DATA_DIR>/attachments`. ATTACHMENT_STORE=s3: an S3-compatible bucket — S3_ENDPOINT, S3_BUCKET,
   * S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY (required) and S3_REGION (default us-east-1).
   */
  attachments: AttachmentStoreConfig;
}

export type AttachmentStoreConfig =
  | { kind: 'fs'; dir: string }
  | { kind: 's3'; endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string };

/** The variables ATTACHMENT_STORE=s3 needs. */
const S3_REQUIRED = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

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
  /** WF_INBOX_CACHE_MS (default 5,000; 0 = off): life of a cached inbox answer no write has touched (ADR 0055). */
  inboxCacheMs: number;
}

export const DEFAULT_DEV_OVERRIDE_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4173'];
export const DEFAULT_INTRANET_CIDRS = ['127.0.0.0/8', '::1/128', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];

type Env = Record<string, string | undefined>;

/** An unset or blank variable is absent: its default applies. */
const blankToUndefined = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** An integer variable with a default (or none) and its range; coerced from the string. */
function int(fallback: number, min: number, max: number): z.ZodType<number>;
function int(fallback: undefined, min: number, max: number): z.ZodType<number | undefined>;
function int(fallback: number | undefined, min: number, max: number): z.ZodType<number | undefined> {
  const error = `must be an integer between ${min} and ${max}（须为 ${min}–${max} 之间的整数）`;
  const value = z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
  return z.preprocess(blankToUndefined, fallback === undefined ? value.optional() : value.default(fallback));
}

const FLAG_VALUES: Record<string, boolean> = { '1': true, true: true, yes: true, on: true, '0': false, false: false, no: false, off: false };

/** 1/0 (also true/false, yes/no, on/off); absent → undefined, so a default may depend on another variable. */
const flag = z.preprocess(
  (value) => (typeof value === 'string' ? (blankToUndefined(value.trim().toLowerCase()) as string | undefined) : value),
  z.enum(Object.keys(FLAG_VALUES) as [string, ...string[]], { error: 'must be 1 or 0（须为 1 或 0）' }).transform((v) => FLAG_VALUES[v]!).optional(),
);

/** A URL, without a trailing slash. */
const url = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().transform((raw, ctx) => {
    try {
      return new URL(raw).toString().replace(/\/$/, '');
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a URL（不是合法的 URL）' });
      return z.NEVER;
    }
  }).optional(),
);

/** A comma list; absent or blank → undefined (the default applies). */
const list = z.preprocess(blankToUndefined, z.string().transform((raw) => raw.split(',').map((s) => s.trim()).filter(Boolean)).optional());

/** Trimmed text; blank → undefined. */
const text = z.preprocess((value) => (typeof value === 'string' ? blankToUndefined(value.trim()) : value), z.string().optional());

/** Names proxy-addr (Fastify's `trustProxy`) accepts besides addresses and CIDRs. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** Issue 9 item 5: only named proxies are trusted, so the client address is the first untrusted hop from the right. */
const trustProxy = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim() : value),
  z.string().optional().transform((value, ctx): AppConfig['trustProxy'] => {
    if (!value || value === 'false' || value === '0') return false;
    if (value === 'true') {
      ctx.addIssue({
        code: 'custom',
        message:
          'TRUST_PROXY=true is refused: it trusts every X-Forwarded-For hop, so a client could choose its own address and zone. ' +
          'Name the proxies instead (addresses or CIDRs, comma-separated), e.g. TRUST_PROXY=127.0.0.1 for nginx on this host（不允许信任所有代理，请列出代理地址）',
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) return Number(value);
    const proxies = value.split(',').map((s) => s.trim()).filter(Boolean);
    for (const proxy of proxies) {
      if (!PROXY_RANGE_NAMES.has(proxy) && !isAddressOrCidr(proxy)) {
        ctx.addIssue({ code: 'custom', message: `TRUST_PROXY: "${proxy}" is not an address, a CIDR or one of loopback, linklocal, uniquelocal（不是地址或网段）` });
      }
    }
    return proxies;
  }),
);

const cidrs = list.superRefine((values, ctx) => {
  for (const cidr of values ?? []) {
    const [address = '', prefix] = cidr.split('/');
    if (!isIP(address) || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) {
      ctx.addIssue({ code: 'custom', message: `INTRANET_CIDRS: "${cidr}" is not an address or CIDR（不是地址或网段）` });
    }
  }
});

/** Dev-server origins (scheme://host[:port]), normalized as URL does (`http://LOCALHOST:5173` → lower case). */
const origins = list.transform((values, ctx) =>
  values?.map((value) => {
    let origin: string | null = null;
    try {
      const parsed = new URL(value);
      origin = parsed.toString().replace(/\/$/, '') === parsed.origin ? parsed.origin : null;
    } catch {
      // reported below
    }
    if (origin === null || origin === 'null') {
      ctx.addIssue({ code: 'custom', message: `DEV_OVERRIDE_ORIGINS: "${value}" is not an origin (scheme://host[:port])（不是源地址）` });
    }
    return origin ?? value;
  }),
);

/**
 * The environment as a zod schema: one entry per variable (documented on `AppConfig`), coerced from strings;
 * every bad variable is reported at once (`loadConfig`).
 */
export const envSchema = z
  .object({
    NODE_ENV: z.string().optional().transform((raw): NodeEnv => (raw === 'production' || raw === 'test' ? raw : 'development')),
    PORT: int(8080, 0, 65535),
    HOST: text,
    DATA_DIR: text,
    DATABASE_URL: url,
    REDIS_URL: url,
    METRICS_TOKEN: z.preprocess(blankToUndefined, z.string().min(16, { error: 'must be at least 16 characters（至少 16 个字符）' }).optional()),
    SHELL_LOAD_TIMEOUT_MS: int(undefined, 500, 120_000),
    DB_POOL_MAX: int(10, 1, 1000),
    PGLITE_THREAD: z.enum(['worker', 'main']).optional(),
    DB_CONNECT_TIMEOUT_MS: int(10_000, 100, 600_000),
    ADMISSION_MAX_ACTIVE: int(undefined, 0, 1000),
    ADMISSION_MAX_WAIT_MS: int(1000, 10, 60_000),
    ADMISSION_MAX_QUEUE: int(1000, 0, 100_000),
    ADMISSION_DEADLINE_MS: int(undefined, 0, 60_000),
    ADMISSION_TURN_MS: int(2, 0, 1000),
    SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000),
    DEMO_PASSWORD: z.string().optional(),
    DEMO_MODE: flag,
    ASSET_BASE_URL: url,
    LOG_LEVEL: text,
    TRUST_PROXY: trustProxy,
    INTRANET_CIDRS: cidrs,
    SESSION_IDLE_MINUTES: int(30, 1, 24 * 60),
    SESSION_ABSOLUTE_HOURS: int(12, 1, 24 * 30),
    SESSION_MAX_PER_USER: int(0, 0, 1000),
    PASSWORD_MIN_LENGTH: int(DEFAULT_PASSWORD_POLICY.minLength, 8, 128),
    PASSWORD_MIN_CLASSES: int(DEFAULT_PASSWORD_POLICY.minClasses, 1, 4),
    LOGIN_HASH_CONCURRENCY: int(DEFAULT_LOGIN_LIMITS.hashConcurrency, 1, 64),
    LOGIN_HASH_QUEUE: int(DEFAULT_LOGIN_LIMITS.hashQueue, 0, 10_000),
    LOGIN_ACCOUNT_MAX_FAILURES: int(DEFAULT_LOGIN_LIMITS.accountMaxFailures, 1, 1000),
    LOGIN_ADDRESS_MAX_FAILURES: int(DEFAULT_LOGIN_LIMITS.addressMaxFailures, 1, 100_000),
    LOGIN_ADDRESS_MAX_ATTEMPTS: int(DEFAULT_LOGIN_LIMITS.addressMaxAttemptsPerMinute, 1, 1_000_000),
    LOGIN_LOCKOUT_FAILURES: int(DEFAULT_LOGIN_LIMITS.lockoutFailures, 1, 100_000),
    LOGIN_LOCKOUT_MINUTES: int(DEFAULT_LOGIN_LIMITS.lockoutMinutes, 1, 24 * 60),
    LOGIN_REFUSAL_DELAY_MS: int(DEFAULT_LOGIN_LIMITS.refusalDelayMs, 0, 60_000),
    SEED_CUSTOMERS: int(20_000, 0, 1_000_000),
    SEED: int(20_260_101, 0, 2 ** 31 - 1),
    WB_EXTRA_APP_DIRS: list,
    DEV_OVERRIDES: flag,
    DEV_OVERRIDE_ORIGINS: origins,
    WF_OUTBOX_MAX_ATTEMPTS: int(8, 1, 100),
    WF_OUTBOX_BACKOFF_MS: int(1000, 0, 3_600_000),
    WF_OUTBOX_BACKOFF_MAX_MS: int(600_000, 0, 86_400_000),
    WF_OUTBOX_RETENTION_DAYS: int(7, 1, 3650),
    WF_IDEMPOTENCY_RETENTION_HOURS: int(24, 1, 24 * 3650),
    WF_NOTIFICATION_RETENTION_DAYS: int(30, 1, 3650),
    WF_STREAM_MAX_PER_USER: int(5, 1, 100),
    WF_STREAM_HEARTBEAT_MS: int(25_000, 1000, 600_000),
    WF_INBOX_CACHE_MS: int(5000, 0, 60_000),
    ATTACHMENT_STORE: z.preprocess(blankToUndefined, z.enum(['fs', 's3'], { error: 'must be fs or s3（须为 fs 或 s3）' }).optional()),
    ATTACHMENT_DIR: text,
    S3_ENDPOINT: url,
    // S3 bucket naming rules: 3–63 lower-case letters, digits, dots and hyphens.
    S3_BUCKET: z.preprocess(blankToUndefined, z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be a bucket name: 3–63 lower-case letters, digits, dots, hyphens（不是合法的存储桶名）' }).optional()),
    S3_REGION: text,
    S3_ACCESS_KEY_ID: text,
    S3_SECRET_ACCESS_KEY: text,
  })
  .superRefine((env, ctx) => {
    if (env.DEV_OVERRIDES && env.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['DEV_OVERRIDES'],
        message: 'DEV_OVERRIDES is refused in production mode (NODE_ENV=production): import-map overrides are for development only（生产模式不允许）',
      });
    }
    if (env.ATTACHMENT_STORE === 's3') {
      for (const name of S3_REQUIRED) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: `${name} is required with ATTACHMENT_STORE=s3（使用 S3 存储附件时必须设置）` });
      }
    }
  });

function attachmentStoreConfig(e: z.output<typeof envSchema>, dataDir: string): AttachmentStoreConfig {
  if (e.ATTACHMENT_STORE === 's3') {
    // Present: checked by envSchema's refinement.
    return { kind: 's3', endpoint: e.S3_ENDPOINT!, bucket: e.S3_BUCKET!, region: e.S3_REGION ?? 'us-east-1', accessKeyId: e.S3_ACCESS_KEY_ID!, secretAccessKey: e.S3_SECRET_ACCESS_KEY! };
  }
  return { kind: 'fs', dir: e.ATTACHMENT_DIR ?? `${dataDir.replace(/\/+$/, '')}/attachments` };
}

/** SERVICE_<NAME>_URL → { '<name>': url } (names vary, so not part of `envSchema`'s fixed keys). */
function serviceUrls(env: Env, issues: string[]): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const name = /^SERVICE_([A-Z][A-Z0-9_]*)_URL$/.exec(key)?.[1];
    if (!name || !value) continue;
    const parsed = url.safeParse(value);
    if (parsed.success && parsed.data) urls[name.toLowerCase().replace(/_/g, '-')] = parsed.data;
    else issues.push(`${key} is not a URL（不是合法的 URL）, got "${value}"`);
  }
  return urls;
}

/** One line per bad variable: its name, what it must be, and what it was. */
function describeIssue(issue: z.core.$ZodIssue, env: Env): string {
  const name = String(issue.path[0] ?? '');
  if (issue.message.startsWith(name)) return issue.message;
  return `${name} ${issue.message}, got "${env[name] ?? ''}"`;
}

/** Thrown by `loadConfig`: lists every bad variable, not only the first. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`环境变量配置有误，服务未启动 / invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function loadConfig(env: Env): AppConfig {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => describeIssue(issue, env));
  const urls = serviceUrls(env, problems);
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST ?? 'localhost',
    dataDir: e.DATA_DIR ?? './.data',
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    metricsToken: e.METRICS_TOKEN,
    shellLoadTimeoutMs: e.SHELL_LOAD_TIMEOUT_MS,
    dbPoolMax: e.DB_POOL_MAX,
    pgliteThread: e.PGLITE_THREAD ?? 'worker',
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    admission: {
      maxActive: e.ADMISSION_MAX_ACTIVE ?? (e.DATABASE_URL === undefined && e.NODE_ENV !== 'test' ? 8 : 0),
      maxWaitMs: e.ADMISSION_MAX_WAIT_MS,
      maxQueue: e.ADMISSION_MAX_QUEUE,
      deadlineMs: e.ADMISSION_DEADLINE_MS ?? e.ADMISSION_MAX_WAIT_MS,
      turnMs: e.ADMISSION_TURN_MS,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    demoPassword: e.DEMO_PASSWORD || 'Workbench#2026',
    demo: e.DEMO_MODE ?? e.DATABASE_URL === undefined,
    assetBaseUrl: e.ASSET_BASE_URL,
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    trustProxy: e.TRUST_PROXY,
    intranetCidrs: e.INTRANET_CIDRS ?? DEFAULT_INTRANET_CIDRS,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    sessionMaxPerUser: e.SESSION_MAX_PER_USER,
    passwordPolicy: { minLength: e.PASSWORD_MIN_LENGTH, minClasses: e.PASSWORD_MIN_CLASSES },
    login: {
      hashConcurrency: e.LOGIN_HASH_CONCURRENCY,
      hashQueue: e.LOGIN_HASH_QUEUE,
      accountMaxFailures: e.LOGIN_ACCOUNT_MAX_FAILURES,
      addressMaxFailures: e.LOGIN_ADDRESS_MAX_FAILURES,
      addressMaxAttemptsPerMinute: e.LOGIN_ADDRESS_MAX_ATTEMPTS,
      lockoutFailures: e.LOGIN_LOCKOUT_FAILURES,
      lockoutMinutes: e.LOGIN_LOCKOUT_MINUTES,
      refusalDelayMs: e.LOGIN_REFUSAL_DELAY_MS,
    },
    seedCustomers: e.SEED_CUSTOMERS,
    seed: e.SEED,
    extraAppDirs: e.WB_EXTRA_APP_DIRS ?? [],
    serviceUrls: urls,
    devOverrides: e.DEV_OVERRIDES ?? false,
    devOverrideOrigins: e.DEV_OVERRIDE_ORIGINS ?? DEFAULT_DEV_OVERRIDE_ORIGINS,
    workflow: {
      outboxMaxAttempts: e.WF_OUTBOX_MAX_ATTEMPTS,
      outboxBackoffMs: e.WF_OUTBOX_BACKOFF_MS,
      outboxBackoffMaxMs: e.WF_OUTBOX_BACKOFF_MAX_MS,
      outboxRetentionDays: e.WF_OUTBOX_RETENTION_DAYS,
      idempotencyRetentionHours: e.WF_IDEMPOTENCY_RETENTION_HOURS,
      notificationRetentionDays: e.WF_NOTIFICATION_RETENTION_DAYS,
      streamMaxPerUser: e.WF_STREAM_MAX_PER_USER,
      streamHeartbeatMs: e.WF_STREAM_HEARTBEAT_MS,
      inboxCacheMs: e.WF_INBOX_CACHE_MS,
    },
    attachments: attachmentStoreConfig(e, e.DATA_DIR ?? './.data'),
  };
}
