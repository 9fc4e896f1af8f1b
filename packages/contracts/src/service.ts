/**
 * Where a domain service answers behind the gateway: `/api/svc/<name>/v<major>`. Written once here, for the gateway
 * that mounts each service there, the apps that link to it, and the mocks that stand in for it.
 */
export function servicePath(service: { readonly name: string; readonly major: number }): string {
  return `/api/svc/${service.name}/v${service.major}`;
}
