import { describe, expect, it } from 'vitest';
import { manifestSchema } from './manifest.ts';

const base = {
  id: 'secret-tool',
  name: '保密工具',
  version: '1.0.0',
  entry: 'main.js',
  routes: ['/app/secret-tool'],
  permissions: [{ key: 'secret:tool:use', name: '使用', type: 'APP' }],
};

describe('manifest roles (per-app roles)', () => {
  it('accepts a role that bundles the app’s own permissions', () => {
    const parsed = manifestSchema.parse({ ...base, roles: [{ key: 'SECRET_TOOL_USER', name: '保密工具使用者', permissions: ['secret:tool:use'] }] });
    expect(parsed.roles).toEqual([{ key: 'SECRET_TOOL_USER', name: '保密工具使用者', permissions: ['secret:tool:use'] }]);
  });

  it('refuses a role that bundles a permission the app does not declare, naming both', () => {
    const result = manifestSchema.safeParse({ ...base, roles: [{ key: 'SECRET_TOOL_USER', name: '越权', permissions: ['cust:archive:view'] }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('角色 SECRET_TOOL_USER 引用了应用未声明的权限 cust:archive:view');
    expect(result.error?.issues[0]?.path).toEqual(['roles', 0, 'permissions', 0]);
  });

  it('defaults to no roles', () => {
    expect(manifestSchema.parse(base).roles).toEqual([]);
  });
});
