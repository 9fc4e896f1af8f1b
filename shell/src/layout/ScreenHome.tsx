import type { ReactElement } from 'react';
import { useFeed, useShellEnv } from './shell-context.ts';

const TILE = {
  display: 'flex',
  flexDirection: 'column',
  justifyContent: 'space-between',
  gap: 16,
  minHeight: 220,
  padding: 32,
  border: '1px solid #1d4a7a',
  borderRadius: 12,
  background: '#0d2240',
  color: '#e6f0ff',
  textAlign: 'left',
  cursor: 'pointer',
  font: 'inherit',
} as const;

/**
 * The large-screen channel's home (`/screen/`, ADR 0061): the screens this account may show, as tiles readable
 * from across the room; choosing one opens it full screen. Its own chunk: nothing here is in the shell's first paint.
 */
export default function ScreenHome(): ReactElement {
  const { apps, user } = useFeed();
  const { navigate } = useShellEnv();
  const screens = apps.filter((a) => a.routes[0]);
  return (
    <div data-testid="wb-screen-home" style={{ minHeight: '100%', padding: '64px 96px', boxSizing: 'border-box', color: '#e6f0ff', background: '#061224' }}>
      <h1 style={{ margin: 0, fontSize: 48, fontWeight: 600, letterSpacing: 4 }}>大屏展示</h1>
      <p style={{ margin: '12px 0 48px', fontSize: 24, color: '#8fb3e0' }}>
        {user ? `${user.orgUnitName} · ${user.displayName}` : ''} · 选择要投放的大屏
      </p>
      {screens.length === 0 ? (
        <p style={{ fontSize: 28, color: '#c8d8f0' }}>当前账号没有可投放的大屏，请联系管理员开通。</p>
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(420px, 1fr))', gap: 32 }}>
          {screens.map((app) => (
            <button key={app.id} type="button" style={TILE} data-testid={`wb-screen-tile-${app.id}`} onClick={() => navigate(app.routes[0] as string)}>
              <span style={{ fontSize: 36, fontWeight: 600 }}>{app.name}</span>
              <span style={{ fontSize: 20, lineHeight: 1.6, color: '#a9c2e6' }}>{app.description.length > 60 ? `${app.description.slice(0, 60)}…` : app.description}</span>
              <span style={{ fontSize: 22, color: '#52c41a' }}>打开 ›</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
