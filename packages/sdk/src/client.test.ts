import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ErrorCode, ResponseError } from '@wb/contracts';
import { UNAUTHENTICATED_EVENT, createServiceClient } from './index.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const base = '/api/svc/demo/v1';
const itemSchema = z.object({ id: z.string(), n: z.number() });

async function rejection(promise: Promise<unknown>): Promise<ResponseError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResponseError);
  return error as ResponseError;
}

describe('createServiceClient', () => {
  it('builds the URL from base, path and query, skipping undefined values', async () => {
    let seen: URL | undefined;
    server.use(
      http.get(`${base}/items`, ({ request }) => {
        seen = new URL(request.url);
        return HttpResponse.json({ id: 'a', n: 1 });
      }),
    );
    const client = createServiceClient(`${base}/`);
    await client.get('/items', { query: { q: '张 三', page: 2, field: undefined } });
    expect(seen?.pathname).toBe(`${base}/items`);
    expect([...(seen?.searchParams.entries() ?? [])]).toEqual([
      ['q', '张 三'],
      ['page', '2'],
    ]);
  });

  it('parses JSON through the schema and sends the app header on GET without the CSRF header', async () => {
    let headers: Headers | undefined;
    server.use(
      http.get(`${base}/items/1`, ({ request }) => {
        headers = request.headers;
        return HttpResponse.json({ id: '1', n: 7 });
      }),
    );
    const client = createServiceClient(base, { appId: 'customer-archive' });
    const item = await client.get('/items/1', { schema: itemSchema });
    expect(item).toEqual({ id: '1', n: 7 });
    expect(headers?.get('x-workbench-app')).toBe('customer-archive');
    expect(headers?.get('x-workbench-request')).toBeNull();
  });

  it('turns a body that fails the schema into a ResponseError', async () => {
    server.use(http.get(`${base}/items/1`, () => HttpResponse.json({ id: 1 })));
    const error = await rejection(createServiceClient(base).get('/items/1', { schema: itemSchema }));
    expect(error.code).toBe(ErrorCode.Internal);
    expect(error.message).toBe('服务返回的数据格式不正确');
  });

  it('POSTs JSON with the CSRF header and the idempotency key', async () => {
    let received: { headers: Headers; body: unknown } | undefined;
    server.use(
      http.post(`${base}/items`, async ({ request }) => {
        received = { headers: request.headers, body: await request.json() };
        return HttpResponse.json({ id: 'new', n: 0 }, { status: 201 });
      }),
    );
    const created = await createServiceClient(base).post('/items', { n: 0 }, { idempotencyKey: 'k-1', schema: itemSchema });
    expect(created.id).toBe('new');
    expect(received?.body).toEqual({ n: 0 });
    expect(received?.headers.get('x-workbench-request')).toBe('1');
    expect(received?.headers.get('idempotency-key')).toBe('k-1');
    expect(received?.headers.get('content-type')).toBe('application/json');
  });

  it('PUTs JSON with If-Match and DELETEs with the CSRF header', async () => {
    const seen: Array<{ method: string; ifMatch: string | null; csrf: string | null; body: string }> = [];
    const record = async ({ request }: { request: Request }) => {
      seen.push({ method: request.method, ifMatch: request.headers.get('if-match'), csrf: request.headers.get('x-workbench-request'), body: await request.text() });
      return HttpResponse.json({ id: 'a', n: 2 });
    };
    server.use(http.put(`${base}/items/a`, record), http.delete(`${base}/items/a`, record));
    const client = createServiceClient(base);
    await client.put('/items/a', { n: 2 }, { ifMatch: 7, schema: itemSchema });
    await client.delete('/items/a');
    expect(seen).toEqual([
      { method: 'PUT', ifMatch: '7', csrf: '1', body: '{"n":2}' },
      { method: 'DELETE', ifMatch: null, csrf: '1', body: '' },
    ]);
  });

  it('reads the ETag with the data, for If-Match on the next write', async () => {
    let ifMatch: string | null | undefined;
    server.use(
      http.get(`${base}/items/a`, () => HttpResponse.json({ id: 'a', n: 3 }, { headers: { etag: '"3"' } })),
      http.get(`${base}/items/b`, () => HttpResponse.json({ id: 'b', n: 1 })),
      http.put(`${base}/items/a`, ({ request }) => {
        ifMatch = request.headers.get('if-match');
        return HttpResponse.json({ id: 'a', n: 4 }, { headers: { etag: '"4"' } });
      }),
    );
    const client = createServiceClient(base);
    const read = await client.getWithEtag('/items/a', { schema: itemSchema });
    expect(read).toEqual({ data: { id: 'a', n: 3 }, etag: '"3"' });
    await client.put('/items/a', { n: 4 }, { ifMatch: read.etag ?? undefined });
    expect(ifMatch).toBe('"3"');
    // No ETag sent: null, and the data as `get` would give it.
    expect(await client.getWithEtag('/items/b')).toEqual({ data: { id: 'b', n: 1 }, etag: null });
    expect(await client.get('/items/a', { schema: itemSchema })).toEqual({ id: 'a', n: 3 });
  });

  it('fails getWithEtag like get: schema mismatch and error bodies as ResponseError', async () => {
    server.use(
      http.get(`${base}/items/bad`, () => HttpResponse.json({ id: 1 }, { headers: { etag: '"1"' } })),
      http.get(`${base}/items/gone`, () => HttpResponse.json({ error: { code: 'WB_ERR_NOT_FOUND', message: '应用不存在' } }, { status: 404 })),
    );
    const client = createServiceClient(base);
    expect((await rejection(client.getWithEtag('/items/bad', { schema: itemSchema }))).message).toBe('服务返回的数据格式不正确');
    const gone = await rejection(client.getWithEtag('/items/gone'));
    expect([gone.status, gone.message]).toEqual([404, '应用不存在']);
  });

  it('sends If-Match on POST and DELETE too', async () => {
    const seen: Array<string | null> = [];
    const record = ({ request }: { request: Request }) => {
      seen.push(request.headers.get('if-match'));
      return new HttpResponse(null, { status: 204 });
    };
    server.use(http.post(`${base}/items/a/promote`, record), http.delete(`${base}/items/a`, record));
    const client = createServiceClient(base);
    await client.post('/items/a/promote', {}, { ifMatch: '"5"' });
    await client.delete('/items/a', { ifMatch: '"5"' });
    expect(seen).toEqual(['"5"', '"5"']);
  });

  it('sends a raw upload body with its own content type', async () => {
    let received: { type: string | null; size: number } | undefined;
    server.use(
      http.post(`${base}/uploads`, async ({ request }) => {
        received = { type: request.headers.get('content-type'), size: (await request.arrayBuffer()).byteLength };
        return HttpResponse.json({ ok: true });
      }),
    );
    await createServiceClient(base).post('/uploads', new Uint8Array([80, 75, 3, 4, 0]).buffer, { contentType: 'application/zip' });
    expect(received).toEqual({ type: 'application/zip', size: 5 });
  });

  it('throws a ResponseError carrying code, message and fields from the error body', async () => {
    server.use(
      http.get(`${base}/items`, () =>
        HttpResponse.json(
          { error: { code: 'WB_ERR_BAD_REQUEST', message: '请求参数不正确', fields: { page: '页码从 1 开始' } } },
          { status: 400 },
        ),
      ),
    );
    const error = await rejection(createServiceClient(base).get('/items'));
    expect(error.status).toBe(400);
    expect(error.code).toBe('WB_ERR_BAD_REQUEST');
    expect(error.fields).toEqual({ page: '页码从 1 开始' });
  });

  it('falls back to a code by status when the error body is not the contract shape', async () => {
    server.use(http.get(`${base}/items`, () => new HttpResponse('<html>Bad Gateway</html>', { status: 502 })));
    const error = await rejection(createServiceClient(base).get('/items'));
    expect(error.status).toBe(502);
    expect(error.code).toBe(ErrorCode.ServiceUnavailable);
  });

  it('maps a network failure to status 0 WB_ERR_SERVICE_UNAVAILABLE', async () => {
    server.use(http.get(`${base}/items`, () => HttpResponse.error()));
    const error = await rejection(createServiceClient(base).get('/items'));
    expect(error.status).toBe(0);
    expect(error.code).toBe(ErrorCode.ServiceUnavailable);
    expect(error.message).toBe('网络异常，请检查网络后重试');
  });

  it('dispatches wb:unauthenticated on 401', async () => {
    server.use(
      http.get(`${base}/items`, () =>
        HttpResponse.json({ error: { code: 'WB_ERR_UNAUTHENTICATED', message: '请先登录' } }, { status: 401 }),
      ),
    );
    const events: Event[] = [];
    const listener = (event: Event): void => void events.push(event);
    window.addEventListener(UNAUTHENTICATED_EVENT, listener);
    try {
      const error = await rejection(createServiceClient(base).get('/items'));
      expect(error.code).toBe('WB_ERR_UNAUTHENTICATED');
      expect(events).toHaveLength(1);
    } finally {
      window.removeEventListener(UNAUTHENTICATED_EVENT, listener);
    }
  });

  it('rethrows an abort as is, not as a ResponseError', async () => {
    server.use(http.get(`${base}/slow`, () => new Promise<never>(() => {})));
    const controller = new AbortController();
    const pending = createServiceClient(base).get('/slow', { signal: controller.signal });
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ResponseError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response(JSON.stringify({ id: 'x', n: 2 }), { status: 200 });
    };
    const item = await createServiceClient('https://svc.example/api', { fetch: fakeFetch }).get('/x', { schema: itemSchema });
    expect(item.n).toBe(2);
    expect(calls).toEqual(['https://svc.example/api/x']);
  });
});
