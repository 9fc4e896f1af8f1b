import type { ReactElement } from 'react';

/**
 * A red count bubble like antd's Badge, in a few lines: the header and the side menu are first-paint code
 * (docs/quality.md P3), and antd's Badge with its motion would add ~4 KiB gzip to every page load.
 */
/** A count as the bubble and its labels say it: above 99 (the server stops counting unread notices at 100), `99+`. */
export const countLabel = (count: number): string => (count > 99 ? '99+' : String(count));

export function CountBubble({ count, testId }: { count: number; testId?: string }): ReactElement | null {
  if (count <= 0) return null;
  return (
    <span
      data-testid={testId}
      title={countLabel(count)}
      style={{
        display: 'inline-block',
        minWidth: 16,
        height: 16,
        padding: '0 4px',
        borderRadius: 8,
        // antd's red-7: white on it is 5.6:1 (WCAG AA); antd's Badge red #ff4d4f is 3.0:1.
        background: '#cf1322',
        color: '#fff',
        fontSize: 11,
        lineHeight: '16px',
        textAlign: 'center',
        boxShadow: '0 0 0 1px #fff',
        boxSizing: 'border-box',
      }}
    >
      {countLabel(count)}
    </span>
  );
}
