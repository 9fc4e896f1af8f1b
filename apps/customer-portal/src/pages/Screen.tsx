import { LeftOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { CSSProperties, ReactElement, ReactNode } from 'react';
import { Link } from '@wb/sdk/react';

const BAR: CSSProperties = { position: 'sticky', top: 0, zIndex: 5, display: 'flex', alignItems: 'center', gap: 8, height: 48, padding: '0 12px', background: '#0a7d5a', color: '#fff' };

/** One phone screen: a green top bar (back link, title) and the content with phone margins. */
export function Screen({ title, back, children }: { title: string; back?: string; children: ReactNode }): ReactElement {
  return (
    <div style={{ maxWidth: 480, margin: '0 auto', minHeight: '100vh', background: '#f5f5f5' }}>
      <header style={BAR}>
        {back !== undefined ? (
          <Link to={back} aria-label="返回" style={{ color: '#fff', fontSize: 18, display: 'flex', padding: 8, margin: -8 }}>
            <LeftOutlined aria-hidden />
          </Link>
        ) : null}
        <Typography.Text strong style={{ color: '#fff', fontSize: 17 }}>
          {title}
        </Typography.Text>
      </header>
      <main style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 12 }}>{children}</main>
    </div>
  );
}

/** Keys a write once per screen (a double tap sends the same key: one order, one ticket). */
export const newKey = (): string => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`).replace(/[^A-Za-z0-9-]/g, '');

/** Rows separated by hairlines (antd 6 deprecates List). */
export function Rows<T>({ items, render, rowKey, empty }: { items: readonly T[]; render: (item: T, index: number) => ReactNode; rowKey: (item: T) => string; empty?: ReactNode }): ReactElement {
  if (items.length === 0) return <>{empty ?? null}</>;
  return (
    <div>
      {items.map((item, i) => (
        <div key={rowKey(item)} style={{ padding: '10px 0', borderBottom: i < items.length - 1 ? '1px solid #f0f0f0' : undefined }}>
          {render(item, i)}
        </div>
      ))}
    </div>
  );
}
