/**
 * Issue 16, ADR 0057: /health/live, /health/ready (draining, database, Redis, migrations) and /metrics (Prometheus
 * text; METRICS_TOKEN or the intranet zone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKinds } from '@wb/server-kit/testing';
import { createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';

const kind = testDbKinds()[0]!;

describe(`operators' probes and metrics on ${kind}`, () => {
  let t: TestApp;
  let withToken: TestApp;
  let deadRedis: TestApp;
  beforeAll(async () => {
    [t, withToken, deadRedis] = await Promise.all([
      createTestApp(kind),
      createTestApp(kind, { env: { METRICS_TOKEN: 'a-metrics-token-of-32-characters' } }),
      // Nothing listens on port 1: readiness must say Redis is away (and not hang).
      createTestApp(kind, { env: { REDIS_URL: 'redis://127.0.0.1:1' } }),
    ]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([t?.close(), withToken?.close(), deadRedis?.close()]);
  });

  it('answers liveness and readiness with the checks it made', async () => {
    const live = await t.request({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toMatchObject({ status: 'live' });
    const ready = await t.request({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.headers['cache-control']).toBe('no-store');
    expect(ready.json()).toEqual({ status: 'ready', db: kind, checks: { database: true, migrations: true } });
  });

  it('is not ready while Redis is configured but away, naming the check and not the address', async () => {
    const ready = await deadRedis.request({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBeDefined();
    expect(ready.json().error.details).toEqual({ failed: ['redis'] });
    expect(ready.body).not.toContain('127.0.0.1');
  }, 20_000);

  it('is not ready when a migration it expects is missing', async () => {
    // An app whose database lacks the record of one of its migrations (as when a newer instance's is not applied yet).
    const other = await createTestApp(kind);
    try {
      await other.db.query(`DELETE FROM schema_migrations WHERE id = 'platform/002_client_error'`);
      const ready = await other.request({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().error.details).toEqual({ failed: ['migrations'] });
    } finally {
      await other.close();
    }
  }, 60_000);

  it('serves Prometheus text to the intranet zone: request counts, latency histograms, queue depth, job lag', async () => {
    await t.request({ method: 'GET', url: '/api/health' });
    await t.request({ method: 'GET', url: '/api/identity/me' });
    const metrics = await t.request({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain; version=0.0.4');
    const body = metrics.body;
    expect(body).toMatch(/^wb_http_requests_total\{method="GET",route="\/api\/health",status="2xx"\} [1-9]\d*$/m);
    expect(body).toMatch(/^wb_http_requests_total\{method="GET",route="\/api\/identity\/me",status="4xx"\} 1$/m);
    expect(body).toMatch(/^wb_http_request_duration_seconds_bucket\{method="GET",route="\/api\/health",le="\+Inf"\} [1-9]/m);
    expect(body).toContain('# TYPE wb_http_request_duration_seconds histogram');
    expect(body).toMatch(/^wb_outbox_unpublished_events \d+$/m);
    expect(body).toMatch(/^wb_sla_sweep_lag_seconds [\d.]+$/m);
    expect(body).toMatch(/^wb_process_resident_memory_bytes \d+$/m);
    expect(body).toMatch(/^wb_draining 0$/m);
    // Every sample line is `name{labels} value` or `name value`.
    for (const line of body.trim().split('\n').filter((l) => !l.startsWith('#'))) expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[\d.e+]+$/);
  });

  it('hides /metrics from the internet zone, and with METRICS_TOKEN from anyone without the token', async () => {
    expect((await t.request({ method: 'GET', url: '/metrics', remoteAddress: '8.8.8.8' })).statusCode).toBe(404);
    expect((await withToken.request({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    expect((await withToken.request({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-token-of-the-same-length!!' } })).statusCode).toBe(404);
    const ok = await withToken.request({ method: 'GET', url: '/metrics', remoteAddress: '8.8.8.8', headers: { authorization: 'Bearer a-metrics-token-of-32-characters' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('wb_http_requests_total');
  });

  it('turns readiness false at the start of a drain', async () => {
    const drained = await createTestApp(kind);
    try {
      const drain = drained.app.lifecycle.drain(200);
      const ready = await drained.request({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['retry-after']).toBeDefined();
      await drain;
    } finally {
      await drained.close();
    }
  }, 60_000);
});
