import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKinds } from '@wb/server-kit/testing';
import { createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { syncDeclaredPermissions, syncDeclaredRoles } from './declared-permissions.ts';

describe.each(testDbKinds())('per-app roles declared in manifests on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await syncDeclaredPermissions(t.db, [
      { appId: 'secret-tool', key: 'secret:tool:use', name: '使用保密工具', type: 'APP', zones: ['intranet', 'internet'] },
    ]);
  }, 60_000);
  afterAll(async () => t?.close());

  const grantsOf = (role: string) =>
    t.db.query<{ permission_key: string }>('SELECT permission_key FROM role_permission WHERE role_key = $1 ORDER BY 1', [role]);

  it('creates the role owned by the app with the permissions it bundles, and only adds on later syncs', async () => {
    const declared = [{ appId: 'secret-tool', key: 'SECRET_TOOL_USER', name: '保密工具使用者', permissions: ['secret:tool:use'] }];
    expect(await syncDeclaredRoles(t.db, declared)).toBe(1);
    expect(await t.db.query('SELECT key, name, app_id FROM role WHERE key = $1', ['SECRET_TOOL_USER'])).toEqual([
      { key: 'SECRET_TOOL_USER', name: '保密工具使用者', app_id: 'secret-tool' },
    ]);
    expect(await grantsOf('SECRET_TOOL_USER')).toEqual([{ permission_key: 'secret:tool:use' }]);
    // An administrator's extra grant survives the next sync.
    await t.db.query(`INSERT INTO role_permission (role_key, permission_key) VALUES ('SECRET_TOOL_USER', 'cust:archive:view')`);
    await syncDeclaredRoles(t.db, declared);
    expect(await grantsOf('SECRET_TOOL_USER')).toEqual([{ permission_key: 'cust:archive:view' }, { permission_key: 'secret:tool:use' }]);
  });

  it('never takes over a platform role or grants another app’s permission', async () => {
    const hostile = [{ appId: 'secret-tool', key: 'CUST_VIEWER', name: '被劫持', permissions: ['secret:tool:use'] }];
    expect(await syncDeclaredRoles(t.db, hostile)).toBe(0);
    expect(await grantsOf('CUST_VIEWER')).not.toContainEqual({ permission_key: 'secret:tool:use' });
    await syncDeclaredRoles(t.db, [{ appId: 'other-app', key: 'OTHER_ROLE', name: '其他', permissions: ['secret:tool:use'] }]);
    expect(await grantsOf('OTHER_ROLE')).toEqual([]);
  });
});
