import { useEffect, useRef, type ReactElement, type RefObject } from 'react';
import type { FeedMenu } from '@wb/contracts';
import type { ShellRoute } from '../routing/paths.ts';
import { PRODUCT_NAME } from './product.ts';

const TITLES = { home: '工作台', password: '修改密码', inbox: '我的待办', forbidden: '无权访问', 'not-found': '页面不存在' } as const;

/** What a page is called, as the breadcrumb names it: the deepest of 工作台 / app / menu. */
export function routeTitle(route: ShellRoute, menu: FeedMenu | undefined): string {
  if (route.kind !== 'app') return TITLES[route.kind];
  return menu && menu.appId === route.app.id ? menu.title : route.app.name;
}

/** Visually hidden, still read by screen readers. */
const VISUALLY_HIDDEN = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clipPath: 'inset(50%)' } as const;

/**
 * After a navigation inside the workbench (issue 21 item 8): the document title names the page, a polite live
 * region announces it to screen readers, and focus moves to the content area so the keyboard continues there
 * instead of on the menu item that was clicked. Nothing moves on the first render (the page was just loaded).
 */
export function RouteAnnouncer({ title, contentRef }: { title: string; contentRef: RefObject<HTMLElement | null> }): ReactElement {
  const first = useRef(true);
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => {
    document.title = `${title} - ${PRODUCT_NAME}`;
    if (first.current) {
      first.current = false;
      return;
    }
    if (region.current) region.current.textContent = `已打开：${title}`;
    const content = contentRef.current;
    // Only when focus is not already inside the content (an app that moved focus itself keeps it).
    if (content && !content.contains(document.activeElement)) content.focus({ preventScroll: true });
  }, [title, contentRef]);
  return <div ref={region} role="status" aria-live="polite" style={VISUALLY_HIDDEN} />;
}
