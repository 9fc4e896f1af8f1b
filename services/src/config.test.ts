import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DEV_OVERRIDE_ORIGINS, DEFAULT_INTRANET_CIDRS, loadConfig } from './config.ts';
import { DEFAULT_LOGIN_LIMITS } from './identity/login-guard.ts';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: 'localhost',
      dataDir: './.data',
      databaseUrl: undefined,
      redisUrl: undefined,
      shellLoadTimeoutMs: undefined,
      dbPoolMax: 10,
      pgliteThread: 'worker',
      dbConnectTimeoutMs: 10_000,
      admission: { maxActive: 8, maxWaitMs: 1000, maxQueue: 1000, deadlineMs: 1000, turnMs: 2 },
      shutdownTimeoutMs: 10_000,
      demoPassword: 'Workbench#2026',
      demo: true,
      assetBaseUrl: undefined,
      nodeEnv: 'development',
      logLevel: 'info',
      trustProxy: false,
      intranetCidrs: DEFAULT_INTRANET_CIDRS,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      sessionMaxPerUser: 0,
      passwordPolicy: { minLength: 8, minClasses: 3 },
      // The login limits' defaults are the guard's own (identity/login-guard.ts, ADR 0018).
      login: DEFAULT_LOGIN_LIMITS,
      seedCustomers: 20_000,
      seed: 20_260_101,
      serviceUrls: {},
      extraAppDirs: [],
      devOverrides: false,
      devOverrideOrigins: DEFAULT_DEV_OVERRIDE_ORIGINS,
      workflow: {
        outboxMaxAttempts: 8,
        outboxBackoffMs: 1000,
        outboxBackoffMaxMs: 600_000,
        outboxRetentionDays: 7,
        idempotencyRetentionHours: 24,
        notificationRetentionDays: 30,
        streamMaxPerUser: 5,
        streamHeartbeatMs: 25_000,
        inboxCacheMs: 5000,
      },
      attachments: { kind: 'fs', dir: './.data/attachments' },
    });
  });

  it('keeps attachments under the data folder by default, or in an S3 bucket with all its settings (ADR 0067)', () => {
    expect(loadConfig({ DATA_DIR: '/var/lib/wb/' }).attachments).toEqual({ kind: 'fs', dir: '/var/lib/wb/attachments' });
    expect(loadConfig({ ATTACHMENT_DIR: '/mnt/shared/att' }).attachments).toEqual({ kind: 'fs', dir: '/mnt/shared/att' });
    const s3 = { ATTACHMENT_STORE: 's3', S3_ENDPOINT: 'http://minio:9000/', S3_BUCKET: 'wb-attachments', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' };
    expect(loadConfig(s3).attachments).toEqual({ kind: 's3', endpoint: 'http://minio:9000', bucket: 'wb-attachments', region: 'us-east-1', accessKeyId: 'id', secretAccessKey: 'secret' });
    // Every missing or bad setting is named at once; the secret's value is never printed.
    const error = (() => {
      try {
        loadConfig({ ATTACHMENT_STORE: 's3', S3_BUCKET: 'wb-attachments', S3_SECRET_ACCESS_KEY: '' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('accepted');
    })();
    expect(error.problems.join('\n')).toMatch(/S3_ENDPOINT is required/);
    expect(error.problems.join('\n')).toMatch(/S3_ACCESS_KEY_ID is required/);
    expect(error.problems.join('\n')).toMatch(/S3_SECRET_ACCESS_KEY is required/);
    expect(error.problems).toHaveLength(3);
    expect(() => loadConfig({ ...s3, S3_BUCKET: 'Bad_Bucket' })).toThrow(/S3_BUCKET must be a bucket name/);
    expect(() => loadConfig({ ATTACHMENT_STORE: 'ftp' })).toThrow(/ATTACHMENT_STORE must be fs or s3/);
  });

  it('reads the workflow outbox, retention and push settings (ADR 0024)', () => {
    const c = loadConfig({ WF_OUTBOX_MAX_ATTEMPTS: '3', WF_OUTBOX_RETENTION_DAYS: '2', WF_STREAM_MAX_PER_USER: '2' }).workflow;
    expect(c).toMatchObject({ outboxMaxAttempts: 3, outboxRetentionDays: 2, streamMaxPerUser: 2 });
    expect(() => loadConfig({ WF_OUTBOX_MAX_ATTEMPTS: '0' })).toThrow(/WF_OUTBOX_MAX_ATTEMPTS/);
  });

  it('bounds the wait for the embedded database by ADMISSION_MAX_WAIT_MS unless ADMISSION_DEADLINE_MS says otherwise (ADR 0088)', () => {
    expect(loadConfig({ ADMISSION_MAX_WAIT_MS: '300' }).admission).toMatchObject({ maxWaitMs: 300, deadlineMs: 300 });
    expect(loadConfig({ ADMISSION_MAX_WAIT_MS: '300', ADMISSION_DEADLINE_MS: '0' }).admission.deadlineMs).toBe(0);
    expect(() => loadConfig({ ADMISSION_DEADLINE_MS: '-1' })).toThrow(/ADMISSION_DEADLINE_MS/);
    // ADR 0104: the requests one event-loop turn starts; 0 turns the bound off.
    expect(loadConfig({ ADMISSION_TURN_MS: '0' }).admission.turnMs).toBe(0);
  });

  it('allows DEV_OVERRIDES in development mode only and refuses it in production mode', () => {
    expect(loadConfig({ DEV_OVERRIDES: '1', DEV_OVERRIDE_ORIGINS: 'http://localhost:5174' })).toMatchObject({
      devOverrides: true,
      devOverrideOrigins: ['http://localhost:5174'],
    });
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_OVERRIDES: '1' })).toThrow(/refused in production/);
    expect(loadConfig({ NODE_ENV: 'production' }).devOverrides).toBe(false);
    expect(() => loadConfig({ DEV_OVERRIDE_ORIGINS: 'http://localhost:5173/path' })).toThrow(/not an origin/);
  });

  it('reads the environment', () => {
    const config = loadConfig({
      PORT: '9090',
      DATABASE_URL: 'postgres://u@db:5432/wb',
      DEMO_PASSWORD: 'x',
      ASSET_BASE_URL: 'https://cdn.example.com/wb/',
      NODE_ENV: 'production',
      TRUST_PROXY: '10.0.0.1, 10.0.0.2',
      INTRANET_CIDRS: '10.0.0.0/8,fd00::/8',
      SERVICE_CUSTOMER_URL: 'http://customer:8080',
      SERVICE_WORK_FLOW_URL: 'http://wf:8080',
      SEED_CUSTOMERS: '1000000',
    });
    expect(config).toMatchObject({
      port: 9090,
      databaseUrl: 'postgres://u@db:5432/wb',
      demo: false,
      assetBaseUrl: 'https://cdn.example.com/wb',
      nodeEnv: 'production',
      trustProxy: ['10.0.0.1', '10.0.0.2'],
      intranetCidrs: ['10.0.0.0/8', 'fd00::/8'],
      serviceUrls: { customer: 'http://customer:8080', 'work-flow': 'http://wf:8080' },
      seedCustomers: 1_000_000,
    });
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y', DEMO_MODE: '1' }).demo).toBe(true);
  });

  it('takes the proxies of TRUST_PROXY as addresses, CIDRs or proxy-addr range names, and refuses `true` (issue 9 item 5)', () => {
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8, 192.168.1.2' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.2']);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY=true is refused/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY: "10.0.0.0\/33"/);
    expect(() => loadConfig({ TRUST_PROXY: '127.0.0.1, nginx' })).toThrow(/TRUST_PROXY: "nginx"/);
  });

  it('reads the password policy and the session cap (issue 9 item 7)', () => {
    expect(loadConfig({ PASSWORD_MIN_LENGTH: '12', PASSWORD_MIN_CLASSES: '4', SESSION_MAX_PER_USER: '3' })).toMatchObject({
      passwordPolicy: { minLength: 12, minClasses: 4 },
      sessionMaxPerUser: 3,
    });
  });

  it('reads the login limits (issue 9 item 4, ADR 0018)', () => {
    expect(loadConfig({ LOGIN_HASH_CONCURRENCY: '1', LOGIN_HASH_QUEUE: '0', LOGIN_LOCKOUT_FAILURES: '5', LOGIN_LOCKOUT_MINUTES: '30', LOGIN_REFUSAL_DELAY_MS: '0' }).login).toMatchObject({
      refusalDelayMs: 0,
      hashConcurrency: 1,
      hashQueue: 0,
      lockoutFailures: 5,
      lockoutMinutes: 30,
    });
    expect(() => loadConfig({ LOGIN_HASH_CONCURRENCY: '0' })).toThrow(/LOGIN_HASH_CONCURRENCY must be an integer/);
  });

  it.each([
    ['PASSWORD_MIN_LENGTH', '6'],
    ['PASSWORD_MIN_CLASSES', '5'],
    ['SESSION_MAX_PER_USER', '-1'],
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['SEED_CUSTOMERS', '2000000'],
    ['DATABASE_URL', 'not a url'],
    ['INTRANET_CIDRS', '10.0.0.0/8,intranet'],
    ['DEMO_MODE', 'maybe'],
  ])('refuses %s=%s with a clear error', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('lists every bad variable at once, in Chinese and English, with the value it got', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', DEMO_MODE: 'maybe', TRUST_PROXY: 'true', SERVICE_CUSTOMER_URL: 'nope', SESSION_IDLE_MINUTES: '30' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message, problems } = error as ConfigError;
    expect(message).toMatch(/^环境变量配置有误，服务未启动 \/ invalid environment configuration:/);
    expect(problems).toHaveLength(4);
    expect(message).toContain('PORT must be an integer between 0 and 65535（须为 0–65535 之间的整数）, got "abc"');
    expect(message).toContain('DEMO_MODE must be 1 or 0（须为 1 或 0）, got "maybe"');
    expect(message).toContain('TRUST_PROXY=true is refused');
    expect(message).toContain('SERVICE_CUSTOMER_URL is not a URL');
    expect(message).not.toContain('SESSION_IDLE_MINUTES');
  });

  it('coerces from strings and treats blank variables as unset', () => {
    expect(loadConfig({ PORT: ' 9091 ', DEMO_MODE: 'OFF', HOST: '  ', LOG_LEVEL: '', SHELL_LOAD_TIMEOUT_MS: '', DEV_OVERRIDE_ORIGINS: 'http://LOCALHOST:5174' })).toMatchObject({
      port: 9091,
      demo: false,
      host: 'localhost',
      logLevel: 'info',
      shellLoadTimeoutMs: undefined,
      devOverrideOrigins: ['http://localhost:5174'],
    });
  });
});
