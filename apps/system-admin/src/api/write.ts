import { CSRF_HEADER, ErrorCode, ResponseError, apiErrorSchema } from '@wb/contracts';
import { useServiceClient, useWorkbench } from '@wb/sdk/react';
import { useMemo } from 'react';

/**
 * PUT and DELETE against the iam service. The SDK's ServiceClient offers GET and POST only and sends no
 * `If-Match`, so these two verbs go through here with the same conventions (CSRF header, app header,
 * `{ error }` bodies as ResponseError). Replace with the SDK once it has them.
 */
export interface IamWriter {
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown, options?: { ifMatch?: string }): Promise<T>;
  del<T>(path: string): Promise<T>;
}

async function toError(response: Response): Promise<ResponseError> {
  const parsed = apiErrorSchema.safeParse(await response.json().catch(() => undefined));
  if (parsed.success) return new ResponseError(response.status, parsed.data.error);
  return new ResponseError(response.status, { code: ErrorCode.Internal, message: `请求失败（HTTP ${response.status}）` });
}

async function send<T>(url: string, appId: string, method: string, body: unknown, ifMatch?: string): Promise<T> {
  const headers = new Headers({ accept: 'application/json', [CSRF_HEADER]: '1', 'x-workbench-app': appId });
  if (body !== undefined) headers.set('content-type', 'application/json');
  if (ifMatch !== undefined) headers.set('if-match', ifMatch);
  let response: Response;
  try {
    const init = { method, headers, credentials: 'same-origin' as const, body: body === undefined ? undefined : JSON.stringify(body) };
    response = await fetch(new URL(url, window.location.href), init);
  } catch {
    throw new ResponseError(0, { code: ErrorCode.ServiceUnavailable, message: '网络异常，请检查网络后重试' });
  }
  if (!response.ok) throw await toError(response);
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

export function useIamWriter(): IamWriter {
  const client = useServiceClient('iam');
  const { services, appId } = useWorkbench();
  const base = (services['iam'] ?? '').replace(/\/+$/, '');
  return useMemo(
    () => ({
      post: <T,>(path: string, body: unknown) => client.post<T>(path, body),
      put: <T,>(path: string, body: unknown, options?: { ifMatch?: string }) =>
        send<T>(`${base}${path}`, appId, 'PUT', body, options?.ifMatch),
      del: <T,>(path: string) => send<T>(`${base}${path}`, appId, 'DELETE', undefined),
    }),
    [client, base, appId],
  );
}
