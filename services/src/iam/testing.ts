/**
 * Test setup of the iam service: the composed app with iam's password hashing at the harness's low scrypt cost,
 * the administrator signed in, and a caller of the iam routes as the administrator.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { DbKind } from '@wb/server-kit';
import { defaultServices } from '../modules.ts';
import type { GatewayService } from '../gateway/index.ts';
import { TEST_SCRYPT_N, callAs, createTestApp, type TestApp } from '../testing/harness.ts';
import { IAM_SERVICE } from './index.ts';

export const IAM_BASE = `/api/svc/${IAM_SERVICE.name}/v${IAM_SERVICE.major}`;

/** The default services with iam's scrypt cost lowered as the harness's (a second instance takes a list of its own). */
export const iamTestServices = (): GatewayService[] => defaultServices({ iam: { scryptN: TEST_SCRYPT_N } });

export interface IamTestApp extends TestApp {
  /** The administrator's Cookie header value. */
  admin: string;
  /** A call of the iam routes (`url` below /api/svc/iam/v1) as the administrator; a payload goes as JSON. */
  asAdmin(method: InjectOptions['method'], url: string, payload?: object): Promise<LightMyRequestResponse>;
}

export async function createIamTestApp(kind: DbKind = 'pglite'): Promise<IamTestApp> {
  const t = await createTestApp(kind, { services: iamTestServices() });
  const admin = await t.login('admin');
  const call = callAs(t, IAM_BASE, { admin });
  return { ...t, admin, asAdmin: (method, url, payload) => call('admin', method, url, payload) };
}
