import { describe, expect, it } from 'vitest';
import { activePostKey, createAccess } from './access.ts';

const post = { code: 'YK_ACCEPT', name: '业扩受理员', orgUnitCode: '334010101', orgUnitName: '城东供电所' };

describe('createAccess', () => {
  it('answers from the permission keys, and * allows every key', () => {
    const access = createAccess({ permissions: ['cust:archive:view'], activePost: post });
    expect(access.can('cust:archive:view')).toBe(true);
    expect(access.can('cust:archive:edit')).toBe(false);
    expect(createAccess({ permissions: ['*'], activePost: null }).can('anything:at:all')).toBe(true);
  });

  it('names the active post by post code and org unit', () => {
    expect(createAccess({ permissions: [], activePost: post }).postKey).toBe('YK_ACCEPT@334010101');
    expect(activePostKey({ activePost: { ...post, orgUnitCode: '334010102' } })).toBe('YK_ACCEPT@334010102');
    expect(activePostKey({ activePost: null })).toBeNull();
  });
});
