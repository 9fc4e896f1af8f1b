import { describe, expect, it } from 'vitest';
import { newVersionNotices, versionNoticeText } from './version-notice.ts';

const running = new Map([
  ['customer-archive', '1.0.0'],
  ['system-admin', '2.1.0'],
  ['stats', '1.0.0'],
]);
const mounted = new Set(['customer-archive', 'stats']);
const isMounted = (appId: string): boolean => mounted.has(appId);

describe('new-version notice decision', () => {
  it('notices a mounted app served in another version (publish or rollback), not an app that is not mounted', () => {
    const apps = [
      { id: 'customer-archive', version: '1.2.0' },
      { id: 'system-admin', version: '2.2.0' },
      { id: 'stats', version: '0.9.0' },
    ];
    expect(newVersionNotices({ running, apps, isMounted, notified: {} })).toEqual({ 'customer-archive': '1.2.0', stats: '0.9.0' });
  });

  it('stays quiet for unchanged versions, apps the page never ran, and versions already noticed', () => {
    const apps = [
      { id: 'customer-archive', version: '1.2.0' },
      { id: 'stats', version: '1.0.0' },
      { id: 'new-app', version: '3.0.0' },
    ];
    expect(newVersionNotices({ running, apps, isMounted: () => true, notified: { 'customer-archive': '1.2.0' } })).toEqual({});
    expect(newVersionNotices({ running, apps, isMounted: () => true, notified: { 'customer-archive': '1.1.0' } })).toEqual({
      'customer-archive': '1.2.0',
    });
  });

  it('words the notice as the issue asks', () => {
    expect(versionNoticeText('客户档案', '1.2.0')).toBe('应用「客户档案」已发布新版本 1.2.0，保存当前工作后点击刷新即可使用');
  });
});
