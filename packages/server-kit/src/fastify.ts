/**
 * Fastify type augmentation for the platform's decorators. Importing anything from `@wb/server-kit` brings it in.
 * The values are provided by the plugins of `services/src/platform` and `services/src/identity`.
 */
import type { Channel, Zone } from '@wb/contracts';
import type { Db } from './db/types.ts';
import type { AccessControl, AuditEntry, DataScope, Principal, RouteAccess } from './principal.ts';

/** CSP sources one response needs beyond the defaults, e.g. hashes of the shell page's inline import map. */
export interface CspSources {
  /** Appended to `script-src`, e.g. `'sha256-…'`. */
  scriptSrc: string[];
  /**
   * Ignored on purpose: `style-src` already allows 'unsafe-inline' (antd CSS-in-JS), and a hash in the
   * directive would make browsers ignore 'unsafe-inline'.
   */
  styleSrc?: string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    /** The clock; tests inject one. Use it (not `new Date()`) for anything a test must move in time. */
    now(): Date;
    /** The signed-in user of this request, or null; cached on the request. Routes with access 'public' call it when they care. */
    resolvePrincipal(request: FastifyRequest): Promise<Principal | null>;
    /** Writes an audit record without delaying the response; failures are logged, never thrown. */
    audit(request: FastifyRequest | null, entry: AuditEntry): Promise<void>;
    /** The data scope of the request's principal for `resourceType`; no principal or no rule → matches nothing. */
    accessScope(request: FastifyRequest, resourceType: string): DataScope;
    /** Grant-changing writes and cache invalidation (identity plugin). */
    accessControl: AccessControl;
  }
  interface FastifyRequest {
    /** Set for authenticated requests (access 'session' or a permission; on 'public' routes when a session cookie is valid). */
    principal: Principal | null;
    /** From the network the request arrived on, never from client input. */
    zone: Zone;
    channel: Channel;
  }
  interface FastifyReply {
    /** Set by a handler whose response needs extra CSP sources (shell HTML); null otherwise. */
    cspSources: CspSources | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
    /**
     * `false`: the route is exempt from the CSRF header rule (S8) because it uses no cookie at all and
     * authenticates its body otherwise: a payment provider's signed server-to-server notification (ADR 0046).
     */
    csrf?: false;
  }
}

export type { RouteAccess };
