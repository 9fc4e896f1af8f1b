import type { CSSProperties, MouseEvent, ReactElement, ReactNode } from 'react';
import { isPlainClick } from '@wb/sdk';
import { useShellEnv } from '../../layout/shell-context.ts';
import { withBasename } from '../../routing/channel.ts';

/**
 * A real link (middle-click and ctrl-click open a new tab) that a plain click turns into shell navigation,
 * without a page load.
 */
export function ShellLink({ to, children, style }: { to: string; children: ReactNode; style?: CSSProperties }): ReactElement {
  const { navigate, basename } = useShellEnv();
  const onClick = (event: MouseEvent<HTMLAnchorElement>): void => {
    if (!isPlainClick(event, undefined)) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={withBasename(to, basename)} onClick={onClick} style={style}>
      {children}
    </a>
  );
}
