import { CSRF_HEADER, apiErrorSchema, type LoginRequest } from '@wb/contracts';

/** Outcome of a login attempt, already in the words the login page shows. */
export type LoginResult =
  | { ok: true }
  | { ok: false; kind: 'invalid-credentials' }
  | { ok: false; kind: 'throttled'; retryAfterSeconds: number }
  | { ok: false; kind: 'bad-request'; message: string }
  | { ok: false; kind: 'unavailable' };

export interface IdentityClient {
  login(request: LoginRequest): Promise<LoginResult>;
  /** Ends the session; resolves false when the server could not be reached or refused. */
  logout(): Promise<boolean>;
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number {
  if (!value) return 60;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? 60 : Math.max(1, Math.ceil((date - now) / 1000));
}

async function errorMessage(response: Response): Promise<string | null> {
  const parsed = apiErrorSchema.safeParse(await response.json().catch(() => null));
  return parsed.success ? parsed.data.error.message : null;
}

const post = (doFetch: typeof fetch, path: string, body: unknown): Promise<Response> =>
  doFetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
    body: JSON.stringify(body),
  });

/**
 * The shell's own calls to identity. Not the SDK's ServiceClient: login needs the status and the Retry-After
 * header, which a ServiceClient's ResponseError does not carry.
 */
export function createIdentityClient(doFetch: typeof fetch = (input, init) => fetch(input, init)): IdentityClient {
  return {
    async login(request) {
      let response: Response;
      try {
        response = await post(doFetch, '/api/identity/login', request);
      } catch {
        return { ok: false, kind: 'unavailable' };
      }
      if (response.ok) return { ok: true };
      if (response.status === 401) return { ok: false, kind: 'invalid-credentials' };
      if (response.status === 429) {
        return { ok: false, kind: 'throttled', retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')) };
      }
      if (response.status === 400) {
        return { ok: false, kind: 'bad-request', message: (await errorMessage(response)) ?? '请求有误，请检查输入' };
      }
      return { ok: false, kind: 'unavailable' };
    },
    async logout() {
      try {
        const response = await post(doFetch, '/api/identity/logout', {});
        // 401: the session was already gone, which is what logout wants.
        return response.ok || response.status === 401;
      } catch {
        return false;
      }
    },
  };
}
