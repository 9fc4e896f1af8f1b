import { CSRF_HEADER, ErrorCode, ResponseError, apiErrorSchema } from '@wb/contracts';

/** Anything with a zod-like `parse` (a zod schema, or a hand-written guard in tests). */
export interface ResponseSchema<T> {
  parse(value: unknown): T;
}

export type QueryParams = Record<string, string | number | undefined>;

export interface GetOptions<T> {
  /** Appended as a query string; `undefined` values are left out. */
  query?: QueryParams;
  /** Validates (and types) the JSON body; a mismatch throws a `ResponseError`. */
  schema?: ResponseSchema<T>;
  signal?: AbortSignal;
}

export interface PostOptions<T> {
  schema?: ResponseSchema<T>;
  signal?: AbortSignal;
  /** Sent as `Idempotency-Key` so that a retried write has one effect (docs/architecture.md §8). */
  idempotencyKey?: string;
  /** Sent as `If-Match` (optimistic concurrency): a stale version is refused with 412 (docs/quality.md D5). */
  ifMatch?: string | number;
  /**
   * Sent as is instead of JSON (an upload): a Blob, File or ArrayBuffer with this content type,
   * e.g. `application/zip`. `body` must then be that Blob/ArrayBuffer.
   */
  contentType?: string;
}

/** A GET answer with the response's `ETag`, to send back as `If-Match` on the next write. */
export interface WithEtag<T> {
  data: T;
  /** The `ETag` header exactly as the server sent it (e.g. `"7"`), or null when it sent none. */
  etag: string | null;
}

/** HTTP client of one domain service, bound to its gateway base URL (`/api/svc/<service>/v<major>`). */
export interface ServiceClient {
  get<T>(path: string, options?: GetOptions<T>): Promise<T>;
  /**
   * Like `get`, with the response's `ETag`: pass it as `ifMatch` to a later `put`/`post`/`delete` of the
   * same resource so that a stale edit is refused (412) instead of overwriting someone else's change.
   */
  getWithEtag<T>(path: string, options?: GetOptions<T>): Promise<WithEtag<T>>;
  post<T>(path: string, body: unknown, options?: PostOptions<T>): Promise<T>;
  put<T>(path: string, body: unknown, options?: PostOptions<T>): Promise<T>;
  delete<T>(path: string, options?: PostOptions<T>): Promise<T>;
}

export interface ServiceClientOptions {
  /** Defaults to the global `fetch`, looked up per call so that test interceptors (msw) apply. */
  fetch?: typeof fetch;
  /** Sent as `x-workbench-app` so the gateway can attribute calls (audit, rate limits). */
  appId?: string;
}

/** Window event fired on every 401 so that the shell can send the user to /login. */
export const UNAUTHENTICATED_EVENT = 'wb:unauthenticated';

const NETWORK_ERROR_MESSAGE = '网络异常，请检查网络后重试';

export function createServiceClient(baseUrl: string, options: ServiceClientOptions = {}): ServiceClient {
  const exchange = async <T>(method: string, path: string, init: RequestParts<T>): Promise<WithEtag<T>> => {
    const url = buildUrl(baseUrl, path, init.query);
    const headers = buildHeaders(method, options.appId, init);
    const doFetch = options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        body: requestBody(init),
        signal: init.signal,
      });
    } catch (error) {
      // Cancellation is not a failure: TanStack Query and callers expect the AbortError back.
      if (init.signal?.aborted || isAbortError(error)) throw error;
      throw withCause(new ResponseError(0, { code: ErrorCode.ServiceUnavailable, message: NETWORK_ERROR_MESSAGE }), error);
    }
    if (!response.ok) throw await toResponseError(response, url);
    return { data: await parseBody(response, init.schema), etag: response.headers.get('etag') };
  };
  const send = async <T>(method: string, path: string, init: RequestParts<T>): Promise<T> => (await exchange(method, path, init)).data;

  return {
    get: (path, getOptions = {}) => send('GET', path, getOptions),
    getWithEtag: (path, getOptions = {}) => exchange('GET', path, getOptions),
    post: (path, body, postOptions = {}) => send('POST', path, { ...postOptions, body }),
    put: (path, body, putOptions = {}) => send('PUT', path, { ...putOptions, body }),
    delete: (path, deleteOptions = {}) => send('DELETE', path, deleteOptions),
  };
}

interface RequestParts<T> {
  query?: QueryParams;
  schema?: ResponseSchema<T>;
  signal?: AbortSignal;
  idempotencyKey?: string;
  ifMatch?: string | number;
  contentType?: string;
  body?: unknown;
}

function requestBody(init: RequestParts<unknown>): BodyInit | undefined {
  if (init.body === undefined) return undefined;
  if (init.contentType) return init.body as BodyInit;
  return JSON.stringify(init.body);
}

function buildUrl(baseUrl: string, path: string, query: QueryParams | undefined): string {
  const joined = `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  // Resolved against the page so that relative base URLs work in browsers and in happy-dom tests alike.
  const url = new URL(joined, window.location.href);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

function buildHeaders(method: string, appId: string | undefined, init: RequestParts<unknown>): Headers {
  const headers = new Headers({ accept: 'application/json' });
  if (appId) headers.set('x-workbench-app', appId);
  if (method !== 'GET' && method !== 'HEAD') {
    // The server refuses state-changing requests without it (docs/quality.md S8).
    headers.set(CSRF_HEADER, '1');
    if (init.body !== undefined) headers.set('content-type', init.contentType ?? 'application/json');
  }
  if (init.idempotencyKey) headers.set('idempotency-key', init.idempotencyKey);
  if (init.ifMatch !== undefined) headers.set('if-match', String(init.ifMatch));
  return headers;
}

async function parseBody<T>(response: Response, schema: ResponseSchema<T> | undefined): Promise<T> {
  const text = await response.text();
  try {
    const value: unknown = text === '' ? undefined : JSON.parse(text);
    return schema ? schema.parse(value) : (value as T);
  } catch (error) {
    const message = '服务返回的数据格式不正确';
    throw withCause(new ResponseError(response.status, { code: ErrorCode.Internal, message }), error);
  }
}

async function toResponseError(response: Response, url: string): Promise<ResponseError> {
  if (response.status === 401) {
    window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT, { detail: { url } }));
  }
  const body = await response.json().catch(() => undefined);
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success) return new ResponseError(response.status, parsed.data.error);
  return new ResponseError(response.status, fallbackError(response.status));
}

/** Used when a proxy or a crashed upstream answers without the `{ error }` body. */
function fallbackError(status: number): { code: string; message: string } {
  if (status === 401) return { code: ErrorCode.Unauthenticated, message: '登录已失效，请重新登录' };
  if (status === 403) return { code: ErrorCode.NotAllowed, message: '没有访问权限' };
  if (status === 404) return { code: ErrorCode.NotFound, message: '请求的资源不存在' };
  if (status === 429) return { code: ErrorCode.TooManyRequests, message: '请求过于频繁，请稍后重试' };
  if (status === 502 || status === 503 || status === 504) {
    return { code: ErrorCode.ServiceUnavailable, message: '服务暂不可用，请稍后重试' };
  }
  if (status >= 500) return { code: ErrorCode.Internal, message: '服务异常，请稍后重试' };
  return { code: ErrorCode.BadRequest, message: `请求失败（HTTP ${status}）` };
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

function withCause(error: ResponseError, cause: unknown): ResponseError {
  Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true });
  return error;
}
