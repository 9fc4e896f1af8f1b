import { useEffect, useRef, type ReactElement, type RefObject } from 'react';
import type { FeedMenu } from '@wb/contracts';
import type { ShellRoute } from '../routing/paths.ts';
import { PRODUCT_NAME } from './product.ts';

/** What a page is called, as the breadcrumb names it: the deepest of 工作台 / app / menu. */
export function routeTitle(route: ShellRoute, menu: FeedMenu | undefined): string {
  switch (route.kind) {
    case 'home':
      return '工作台';
    case 'password':
      return '修改密码';
    case 'inbox':
      return '我的待办';
    case 'app':
      return menu && menu.appId === route.app.id ? menu.title : route.app.name;
    case 'forbidden':
      return '无权访问';
    case 'not-found':
      return '页面不存在';
  }
}

const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

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
  return <div ref={region} role="status" aria-live="polite" data-testid="wb-route-announcer" style={VISUALLY_HIDDEN} />;
}
