import { describe, expect, it } from 'vitest';
import type { Role } from '@wb/contracts';
import { compareRoles } from './roleCompare.ts';

const role = (key: string, permissions: string[], scope: Role['dataScopes'], posts: string[] = []): Role => ({
  key, name: key, type: 'BUSINESS', appId: null, status: 'active', permissions, dataScopes: scope, conferredByPosts: posts,
});

describe('compareRoles', () => {
  it('lists what either role holds, differences first', () => {
    const rows = compareRoles(
      role('A', ['cust:archive:view', 'yk:apply:view'], [{ resourceType: 'cons', scopeType: 'ORG_AND_CHILD', orgUnitCodes: [] }], ['YK_ACCEPT']),
      role('B', ['cust:archive:view'], [{ resourceType: 'cons', scopeType: 'CUSTOM_ORGS', orgUnitCodes: ['33401'] }], ['YK_ACCEPT']),
      [{ key: 'yk:apply:view', name: '业扩查看', type: 'MENU', appId: 'yk', parentKey: null, requiredPosts: [], zones: null, channels: null, dependsOn: [] }],
    );
    expect(rows.map((r) => [r.kind, r.name, r.left, r.right, r.same])).toEqual([
      ['功能', '业扩查看（yk:apply:view）', '✓', '', false],
      ['数据范围', 'cons', '本单位及下级', '指定机构：33401', false],
      ['功能', 'cust:archive:view（cust:archive:view）', '✓', '✓', true],
      ['岗位', 'YK_ACCEPT', '✓', '✓', true],
    ]);
  });
});
