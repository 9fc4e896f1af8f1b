import { describe, expect, it } from 'vitest';
import { manifestSchema, menuOnChannel } from './manifest.ts';
import { isUnderAppRoot } from './manifest-paths.ts';

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

describe('manifest menu channels (ADR 0115)', () => {
  const menu = { key: 'intake', title: '受理', path: '/app/secret-tool/intake' };

  it('takes a menu entry on some of the app’s channels; without any it shows on all of them', () => {
    const parsed = manifestSchema.parse({ ...base, channels: ['workbench', 'mobile'], menus: [{ ...menu, channels: ['workbench'] }, { ...menu, key: 'site' }] });
    expect(parsed.menus.map((m) => [m.key, menuOnChannel(m, 'workbench'), menuOnChannel(m, 'mobile')])).toEqual([
      ['intake', true, false],
      ['site', true, true],
    ]);
  });

  it('refuses a menu entry on a channel the app is not offered on, naming both, in Chinese', () => {
    const result = manifestSchema.safeParse({ ...base, menus: [{ ...menu, channels: ['mobile'] }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('菜单 intake 的渠道 mobile 不在应用的 channels 中');
    expect(result.error?.issues[0]?.path).toEqual(['menus', 0, 'channels', 0]);
  });
});

describe('manifest access.anyPermissions (any of)', () => {
  it('accepts a list of permission keys beside the other conditions', () => {
    const parsed = manifestSchema.parse({
      ...base,
      access: { permissions: ['secret:tool:use'], anyPermissions: ['store:market:use', 'store:app:manage'], posts: ['KF_AGENT'] },
    });
    expect(parsed.access).toEqual({ permissions: ['secret:tool:use'], anyPermissions: ['store:market:use', 'store:app:manage'], posts: ['KF_AGENT'] });
  });

  it('is optional', () => {
    expect(manifestSchema.parse(base).access.anyPermissions).toBeUndefined();
  });

  it('refuses an empty list (it could never be met), in Chinese', () => {
    const result = manifestSchema.safeParse({ ...base, access: { anyPermissions: [] } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['access', 'anyPermissions']);
    expect(result.error?.issues[0]?.message).toBe('“任一权限”至少列出一个权限；不限制时请省略 anyPermissions');
  });

  it('refuses a malformed key, naming its position', () => {
    const result = manifestSchema.safeParse({ ...base, access: { anyPermissions: ['store:market:use', 'Store Admin'] } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['access', 'anyPermissions', 1]);
    expect(result.error?.issues[0]?.message).toBe('权限标识格式应为 模块:资源:动作');
  });

  it('refuses a value that is not a list, in Chinese', () => {
    const result = manifestSchema.safeParse({ ...base, access: { anyPermissions: 'store:market:use' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('“任一权限”应为权限标识列表');
  });

  it('refuses unknown access keys (strict), so a misspelling is not silently ignored', () => {
    const result = manifestSchema.safeParse({ ...base, access: { anyPermission: ['store:market:use'] } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['access']);
  });
});

describe('manifest routes and menu paths are canonical paths under /app/<id> (issue 9 item 6)', () => {
  const probe = { ...base, id: 'sec-probe', routes: ['/app/sec-probe'] };
  const escapes = [
    '/app/sec-probe/../system-admin',
    '/app/sec-probe/./list',
    '/app/sec-probe/..',
    '/app/sec-probe/%2e%2e/system-admin',
    '/app/sec-probe/%2E%2E%2Fsystem-admin',
    '/app/sec-probe%2f..%2fsystem-admin',
    '/app/sec-probe\\..\\system-admin',
    '/app/sec-probe//list',
    '/app//sec-probe',
    '/app/sec-probe/',
    '/app/sec-probe/list?x=1',
    '/app/sec-probe/list#top',
  ];

  it.each(escapes)('refuses the route %s, in Chinese', (route) => {
    const result = manifestSchema.safeParse({ ...probe, routes: [route] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['routes', 0]);
    expect(result.error?.issues[0]?.message).toMatch(/路径/);
  });

  it.each(escapes)('refuses the menu path %s, in Chinese', (path) => {
    const result = manifestSchema.safeParse({ ...probe, menus: [{ key: 'm', title: '菜单', path }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['menus', 0, 'path']);
    expect(result.error?.issues[0]?.message).toMatch(/路径/);
  });

  it('names the canonical form of a path with dot segments', () => {
    const result = manifestSchema.safeParse({ ...probe, routes: ['/app/sec-probe/../system-admin'] });
    expect(result.error?.issues[0]?.message).toBe('路径 /app/sec-probe/../system-admin 不是规范路径（不允许 . 或 .. 段、// 或结尾的 /），规范写法为 /app/system-admin');
  });

  it('accepts plain paths, dots inside a segment included', () => {
    const parsed = manifestSchema.parse({ ...probe, routes: ['/app/sec-probe', '/app/sec-probe/v1.2/list'], menus: [{ key: 'm', title: '菜单', path: '/app/sec-probe/list' }] });
    expect(parsed.routes).toEqual(['/app/sec-probe', '/app/sec-probe/v1.2/list']);
  });

  it('tells whether a path lies under an app root, by whole segments', () => {
    expect(isUnderAppRoot('/app/sec-probe', 'sec-probe')).toBe(true);
    expect(isUnderAppRoot('/app/sec-probe/list', 'sec-probe')).toBe(true);
    expect(isUnderAppRoot('/app/sec-probe-2', 'sec-probe')).toBe(false);
    expect(isUnderAppRoot('/app/sec-probe/../system-admin', 'sec-probe')).toBe(false);
    expect(isUnderAppRoot('/app/sec-probe/%2e%2e/system-admin', 'sec-probe')).toBe(false);
  });
});
