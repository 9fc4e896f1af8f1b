import { describe, expect, it } from 'vitest';
import { auditQueryString, parseAuditParams } from './auditParams.ts';
import { matchSection } from './routes.ts';

describe('audit filters in the URL', () => {
  it('round-trips the filters and leaves out defaults', () => {
    const filters = { actor: 'kf01', result: 'denied' as const, zone: 'internet' as const, from: '2026-11-01T00:00:00.000Z', page: 3 };
    const text = auditQueryString(filters);
    expect(text).toBe('?actor=kf01&result=denied&zone=internet&from=2026-11-01T00%3A00%3A00.000Z&page=3');
    expect(parseAuditParams(new URLSearchParams(text))).toEqual({ ...filters, action: undefined, to: undefined });
    expect(auditQueryString({ page: 1 })).toBe('');
  });

  it('drops values the service would refuse', () => {
    const parsed = parseAuditParams(new URLSearchParams('result=maybe&zone=mars&from=yesterday&page=-2&actor=%20%20'));
    expect(parsed).toEqual({ actor: undefined, action: undefined, result: undefined, zone: undefined, from: undefined, to: undefined, page: 1 });
  });
});

describe('matchSection', () => {
  it('maps paths to sections, the base path to 用户管理, others to null', () => {
    expect(matchSection('/app/system-admin', '/app/system-admin')).toBe('users');
    expect(matchSection('/app/system-admin/roles/', '/app/system-admin')).toBe('roles');
    expect(matchSection('/app/system-admin/nope', '/app/system-admin')).toBeNull();
    expect(matchSection('/app/other', '/app/system-admin')).toBeNull();
  });
});
