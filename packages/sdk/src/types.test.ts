import type { ComponentType, ReactNode } from 'react';
import type { LifeCycles } from 'single-spa';
import { describe, expectTypeOf, it } from 'vitest';
import type { SessionUser } from '@wb/contracts';
import { createAccess, createServiceClient, getLocation, subscribeLocation } from './index.ts';
import type { Access, ServiceClient, WorkbenchLifecycles, WorkbenchProps } from './index.ts';
import { Authorized, createReactLifecycles, useAccess, useLocation, useNavigate, usePermission, useServiceClient, useSession } from './react/index.ts';
import { createTestWorkbenchProps } from './testing/index.ts';

// Type tests (docs/architecture.md §12: "type tests for the lifecycle and SDK types"); checked by `tsc -p tsconfig.node.json`,
// and each `it` also runs so that the file is not an empty suite.
describe('SDK types', () => {
  it('lifecycles fit single-spa and take WorkbenchProps', () => {
    const lifecycles = createReactLifecycles({ rootComponent: () => null });
    expectTypeOf(lifecycles).toEqualTypeOf<WorkbenchLifecycles>();
    expectTypeOf(lifecycles).toExtend<LifeCycles<WorkbenchProps>>();
    expectTypeOf(lifecycles.mount).parameter(0).toEqualTypeOf<WorkbenchProps>();
    expectTypeOf(lifecycles.mount).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(createReactLifecycles).parameter(0).toHaveProperty('rootComponent').toEqualTypeOf<ComponentType>();
  });

  it('WorkbenchProps carries the decided fields', () => {
    expectTypeOf<WorkbenchProps['session']>().toEqualTypeOf<SessionUser>();
    expectTypeOf<WorkbenchProps['services']>().toEqualTypeOf<Record<string, string>>();
    expectTypeOf<WorkbenchProps['navigate']>().toEqualTypeOf<(to: string, options?: { replace?: boolean; notice?: string }) => void>();
    expectTypeOf<WorkbenchProps['reportError']>().toEqualTypeOf<(error: unknown, code?: string) => void>();
    expectTypeOf<WorkbenchProps['domElement']>().toEqualTypeOf<HTMLElement | undefined>();
    expectTypeOf(createTestWorkbenchProps()).toEqualTypeOf<WorkbenchProps>();
  });

  it('the client infers the result type from the schema', () => {
    const client = createServiceClient('/api/svc/x/v1');
    expectTypeOf(client).toEqualTypeOf<ServiceClient>();
    const schema = { parse: (v: unknown) => v as { id: string } };
    // Wrapped in functions that never run: only the inferred types matter here.
    expectTypeOf(() => client.get('/a', { schema })).returns.toEqualTypeOf<Promise<{ id: string }>>();
    expectTypeOf(() => client.post('/a', {}, { schema })).returns.toEqualTypeOf<Promise<{ id: string }>>();
    expectTypeOf(getLocation()).toEqualTypeOf<{ pathname: string; search: string }>();
    expectTypeOf(subscribeLocation).returns.toEqualTypeOf<() => void>();
  });

  it('hooks have the decided signatures', () => {
    expectTypeOf(useSession).returns.toEqualTypeOf<SessionUser>();
    expectTypeOf(usePermission).toEqualTypeOf<(key: string) => boolean>();
    expectTypeOf(useServiceClient).toEqualTypeOf<(serviceName: string) => ServiceClient>();
    expectTypeOf(useLocation).returns.toEqualTypeOf<{ pathname: string; search: URLSearchParams }>();
    expectTypeOf(useNavigate).returns.toEqualTypeOf<(to: string, options?: { replace?: boolean }) => void>();
    expectTypeOf(Authorized).returns.toEqualTypeOf<ReactNode>();
    expectTypeOf(useAccess).toEqualTypeOf<() => Access>();
    expectTypeOf<Access['can']>().toEqualTypeOf<(key: string) => boolean>();
    expectTypeOf<Access['postKey']>().toEqualTypeOf<string | null>();
    expectTypeOf(createAccess).parameter(0).toExtend<Pick<SessionUser, 'permissions' | 'activePost'>>();
    expectTypeOf<WorkbenchProps['session']['permissions']>().toEqualTypeOf<string[]>();
  });
});
