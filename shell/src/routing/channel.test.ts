import { describe, expect, it } from 'vitest';
import { CHANNEL_BASENAME, stripBasename, withBasename } from './channel.ts';

describe('channel basename', () => {
  it('has one entry prefix per channel, the PC workbench at the root', () => {
    expect(CHANNEL_BASENAME).toEqual({ workbench: '', mobile: '/m', kiosk: '/kiosk', screen: '/screen', customer: '/c' });
  });

  it('strips the prefix on a segment boundary and maps the entry itself to /', () => {
    expect(stripBasename('/m/app/x/1', '/m')).toBe('/app/x/1');
    expect(stripBasename('/m', '/m')).toBe('/');
    expect(stripBasename('/m/', '/m')).toBe('/');
    expect(stripBasename('/mobile/app', '/m')).toBe('/mobile/app');
    expect(stripBasename('/app/x', '')).toBe('/app/x');
  });

  it('adds the prefix to shell paths, keeping the query', () => {
    expect(withBasename('/app/x?q=1', '/m')).toBe('/m/app/x?q=1');
    expect(withBasename('/', '/kiosk')).toBe('/kiosk/');
    expect(withBasename('/login?returnTo=%2Fapp', '/screen')).toBe('/screen/login?returnTo=%2Fapp');
    expect(withBasename('/app/x', '')).toBe('/app/x');
  });
});
