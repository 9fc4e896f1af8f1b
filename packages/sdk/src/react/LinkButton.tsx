import { Button, type ButtonProps } from 'antd';
import { isPlainClick } from '../routes.ts';
import { useHref } from './Link.tsx';
import { useNavigate } from './context.ts';

export interface LinkButtonProps extends Omit<ButtonProps, 'href' | 'onClick'> {
  /** A path relative to the app's basePath, as `Link`'s `to`. */
  to: string;
}

/**
 * A link that looks like a button (去缴费, 绑定户号): one control, an `<a href>` (antd's Button with an href), where
 * a `<Button>` inside a `<Link>` was two nested ones for the screen reader and the keyboard (axe: nested-interactive).
 * A plain click navigates this instance as `Link` does; a modifier-click or the middle button is the browser's.
 */
export function LinkButton({ to, target, ...button }: LinkButtonProps) {
  const href = useHref(to);
  const navigate = useNavigate();
  return (
    <Button
      {...button}
      href={href}
      target={target}
      onClick={(event) => {
        if (!isPlainClick(event, target)) return;
        event.preventDefault();
        navigate(href);
      }}
    />
  );
}
