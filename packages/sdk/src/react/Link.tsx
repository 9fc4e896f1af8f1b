import type { AnchorHTMLAttributes, ReactNode, Ref } from 'react';
import { isPlainClick, resolveHref } from '../routes.ts';
import { useNavigate, useWorkbench } from './context.ts';

/** `basePath` + `to` for this instance: the href of a link into the app's own routes. */
export function useHref(to: string): string {
  return resolveHref(useWorkbench().basePath, to);
}

/** What a link passes on to its `<a>` (each link sets the href itself). */
type AnchorProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { ref?: Ref<HTMLAnchorElement>; children?: ReactNode };

export interface LinkProps extends AnchorProps {
  /** A path relative to the app's basePath: `''`, `/customers/3300000001`, `?q=张`. */
  to: string;
  /** Replace the current history entry instead of pushing one. */
  replace?: boolean;
}

/** A real `<a href>` whose plain click calls `go` instead of loading the page; every other click is the browser's. */
function NavigatingAnchor({ href, go, onClick, target, children, ref, ...rest }: AnchorProps & { href: string; go(): void }) {
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
        go();
      }}
    >
      {children}
    </a>
  );
}

/**
 * A link within this app instance (ADR 0027): a real `<a href>` (in the tab order, copyable, opens in a new
 * tab or window with a modifier-click or the middle button, natively), while a plain click navigates this
 * instance through its own history, without a page load.
 */
export function Link({ to, replace = false, ...rest }: LinkProps) {
  const href = useHref(to);
  const navigate = useNavigate();
  return <NavigatingAnchor {...rest} href={href} go={() => navigate(href, { replace })} />;
}

export interface WorkbenchLinkProps extends AnchorProps {
  /** A page of the workbench by its path on this site: `/app/billing/counter/3300000001`. */
  href: string;
}

/**
 * A link to a page of the workbench outside this instance: another app, or a part's own app (a 客户360 slot opening
 * 业扩报装, ADR 0039). A real `<a href>` as `Link` is, with the same clicks left to the browser; a plain click
 * navigates through the shell (`useWorkbench().navigate`, which asks the leave guard and opens the app) instead of
 * this instance's history.
 */
export function WorkbenchLink({ href, ...rest }: WorkbenchLinkProps) {
  const { navigate } = useWorkbench();
  return <NavigatingAnchor {...rest} href={href} go={() => navigate(href)} />;
}
