import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { manifestSchema } from '@wb/contracts';
import type { ManifestInput } from '@wb/contracts';
import { AccessRule, ManifestView } from './ManifestView.tsx';

const manifest = (access: ManifestInput['access'], extra: Partial<ManifestInput> = {}) =>
  manifestSchema.parse({ id: 'app-store', name: '应用商店', version: '1.0.0', entry: 'main.js', routes: ['/app/app-store'], access, ...extra });

const declared: Partial<ManifestInput> = {
  permissions: [
    { key: 'store:market:use', name: '应用市场', type: 'APP' },
    { key: 'store:app:manage', name: '应用管理', type: 'MENU' },
  ],
};

describe('清单: access rule', () => {
  it('reads an any-of rule with the declared permission names', () => {
    render(<AccessRule manifest={manifest({ anyPermissions: ['store:market:use', 'store:app:manage', 'store:app:review'] }, declared)} />);
    expect(screen.getByText('拥有以下任一权限：')).toBeTruthy();
    expect(screen.getByText('应用市场（store:market:use）')).toBeTruthy();
    expect(screen.getByText('应用管理（store:app:manage）')).toBeTruthy();
    expect(screen.getByText('store:app:review')).toBeTruthy();
    expect(screen.queryByText(/需同时满足/)).toBeNull();
  });

  it('states that several conditions are all required', () => {
    render(<AccessRule manifest={manifest({ permissions: ['a:b:use', 'a:b:view'], anyPermissions: ['x:a:use', 'x:b:use'], roles: ['KF_ROLE'], posts: ['KF_AGENT'] })} />);
    expect(screen.getByText('需同时满足以下 4 项：')).toBeTruthy();
    expect(screen.getByText('同时拥有以下全部权限：')).toBeTruthy();
    expect(screen.getByText('拥有以下任一权限：')).toBeTruthy();
    expect(screen.getByText('属于角色：')).toBeTruthy();
    expect(screen.getByText('在岗位：')).toBeTruthy();
    expect(screen.getByText('客服代表（KF_AGENT）')).toBeTruthy();
    expect(screen.getAllByText('并且')).toHaveLength(3);
  });

  it('says when anyone signed in may load the app', () => {
    render(<AccessRule manifest={manifest({})} />);
    expect(screen.getByText('所有登录用户（仍受渠道和网络区域限制）')).toBeTruthy();
  });

  it('is part of the manifest view', () => {
    render(<ManifestView manifest={manifest({ anyPermissions: ['store:market:use'] }, declared)} />);
    expect(screen.getByText('访问条件')).toBeTruthy();
    expect(screen.getByText('拥有权限：')).toBeTruthy();
  });
});
