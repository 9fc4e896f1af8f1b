import type { AnchorHTMLAttributes, MouseEvent, ReactNode, Ref } from 'react';
import { resolveHref } from '../routes.ts';
import { useNavigate, useWorkbench } from './context.ts';

/** `basePath` + `to` for this instance: the href of a link into the app's own routes. */
export function useHref(to: string): string {
  return resolveHref(useWorkbench().basePath, to);
}

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  /** A path relative to the app's basePath: `''`, `/customers/3300000001`, `?q=张`. */
  to: string;
  /** Replace the current history entry instead of pushing one. */
  replace?: boolean;
  ref?: Ref<HTMLAnchorElement>;
  children?: ReactNode;
}

/** Left click without modifiers on a link that opens in this window: the only click the SDK handles. */
function isPlainClick(event: MouseEvent<HTMLAnchorElement>, target: string | undefined): boolean {
  return (
    event.button === 0 &&
    !event.metaKey &&
    !event.ctrlKey &&
    !event.shiftKey &&
    !event.altKey &&
    (target === undefined || target === '' || target === '_self')
  );
}

/**
 * A link within this app instance (ADR 0027): a real `<a href>` (in the tab order, copyable, opens in a new
 * tab or window with a modifier-click or the middle button, natively), while a plain click navigates this
 * instance through its own history, without a page load.
 */
export function Link({ to, replace = false, onClick, target, children, ref, ...rest }: LinkProps) {
  const href = useHref(to);
  const navigate = useNavigate();
  return (
    <a
      {...rest}
      ref={ref}
      href={href}
      target={target}
      onClick={(event) => {
        onClick?.(event);
        if (event.defaultPrevented || !isPlainClick(event, target)) return;
        event.preventDefault();
        navigate(href, { replace });
      }}
    >
      {children}
    </a>
  );
}
