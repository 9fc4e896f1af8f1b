import { describe, expect, it } from 'vitest';
import { createIamDataset } from '@wb/mocks';
import { buildOrgTree } from './orgTree.ts';

describe('buildOrgTree', () => {
  it('nests units under their parentCode, in code order, whatever the list order', () => {
    const units = createIamDataset().orgUnits.reverse();
    const [root, ...others] = buildOrgTree(units);
    expect(others).toHaveLength(0);
    expect(root?.title).toBe('国网江州供电公司');
    expect(root?.children.map((c) => c.key)).toEqual(['3340101', '3340102', '3340180', '3340181']);
    expect(root?.children[0]?.children.map((c) => c.title)).toEqual(['江北城关供电所', '江北河口供电所', '江北新桥供电所']);
  });

  it('keeps a unit whose parent is not in the list as a root', () => {
    const orphan = { code: '4410101', name: '孤立单位', type: 'COUNTY' as const, parentCode: '44101', path: '/44101/4410101', status: 'active' as const };
    expect(buildOrgTree([orphan]).map((n) => n.key)).toEqual(['4410101']);
  });
});
