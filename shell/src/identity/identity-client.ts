import { CSRF_HEADER, apiErrorSchema, feedSchema, sessionUserSchema } from '@wb/contracts';
import type { Channel, Feed, LoginRequest, PostRef, SessionUser } from '@wb/contracts';

/** Body of `POST /api/identity/password` (contracts `changePasswordRequestSchema`). */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** The header the server reads the channel from on API calls (the page's channel comes from its path). */
export const CHANNEL_HEADER = 'x-workbench-channel';


/** Outcome of a login attempt, already in the words the login page shows. */
export type LoginResult =
  | { ok: true }
  | { ok: false; kind: 'invalid-credentials' }
  | { ok: false; kind: 'throttled'; retryAfterSeconds: number }
  | { ok: false; kind: 'bad-request'; message: string }
  | { ok: false; kind: 'unavailable' };

/** Outcome of a password change; `fields` maps request fields to the server's per-field messages. */
export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; kind: 'bad-request'; message: string; fields: Partial<Record<keyof ChangePasswordRequest, string>> }
  | { ok: false; kind: 'unauthenticated' }
  | { ok: false; kind: 'unavailable' };

export interface IdentityClient {
  login(request: LoginRequest): Promise<LoginResult>;
  /** Ends the session; resolves false when the server could not be reached or refused. */
  logout(): Promise<boolean>;
  /** `PUT /api/identity/session/active-post`; the new session user, or null when refused or unreachable. */
  switchPost(post: PostRef): Promise<SessionUser | null>;
  /** `POST /api/identity/password`; on success the server has rotated this browser's session cookie. */
  changePassword(request: ChangePasswordRequest): Promise<ChangePasswordResult>;
  /** `GET /api/registry/feed` for this page's channel; null when it failed or did not match the contract. */
  fetchFeed(channel: Channel): Promise<Feed | null>;
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
  return (await readApiError(response))?.message ?? null;
}

async function readApiError(response: Response): Promise<{ message: string; fields?: Record<string, string> | undefined } | null> {
  const parsed = apiErrorSchema.safeParse(await response.json().catch(() => null));
  return parsed.success ? parsed.data.error : null;
}

/** The server's per-field messages for the fields this form has (zod may name others, e.g. unknown keys). */
function passwordFields(fields: Record<string, string> | undefined): Partial<Record<keyof ChangePasswordRequest, string>> {
  const known: Partial<Record<keyof ChangePasswordRequest, string>> = {};
  if (fields?.['currentPassword']) known.currentPassword = fields['currentPassword'];
  if (fields?.['newPassword']) known.newPassword = fields['newPassword'];
  return known;
}

const post = (doFetch: typeof fetch, path: string, body: unknown, method = 'POST'): Promise<Response> =>
  doFetch(path, {
    method,
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
    async switchPost(target) {
      const body = { postCode: target.code, orgUnitCode: target.orgUnitCode };
      const json = await readJson(() => post(doFetch, '/api/identity/session/active-post', body, 'PUT'));
      const parsed = sessionUserSchema.safeParse(isObject(json) ? json['user'] : undefined);
      return parsed.success ? parsed.data : null;
    },
    async changePassword(request) {
      let response: Response;
      try {
        response = await post(doFetch, '/api/identity/password', request);
      } catch {
        return { ok: false, kind: 'unavailable' };
      }
      if (response.ok) return { ok: true };
      if (response.status === 401) return { ok: false, kind: 'unauthenticated' };
      if (response.status === 400) {
        const error = await readApiError(response);
        return { ok: false, kind: 'bad-request', message: error?.message ?? '请求有误，请检查输入', fields: passwordFields(error?.fields) };
      }
      return { ok: false, kind: 'unavailable' };
    },
    async fetchFeed(channel) {
      const init: RequestInit = { credentials: 'same-origin', headers: { [CHANNEL_HEADER]: channel }, cache: 'no-store' };
      const parsed = feedSchema.safeParse(await readJson(() => doFetch('/api/registry/feed', init)));
      return parsed.success ? parsed.data : null;
    },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The JSON body of a 2xx answer; null for any failure (the callers only need to know it did not work). */
async function readJson(send: () => Promise<Response>): Promise<unknown> {
  try {
    const response = await send();
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}
