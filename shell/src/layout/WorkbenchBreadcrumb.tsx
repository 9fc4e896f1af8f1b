import type { CSSProperties, ReactElement, ReactNode } from 'react';
import type { FeedMenu } from '@wb/contracts';
import type { ShellRoute } from '../routing/paths.ts';
import { ShellLink } from '../components/ShellLink/ShellLink.tsx';

// Plain list markup rather than antd's Breadcrumb: that component was 2.2 KiB of first-paint JavaScript for
// three words (P3; ADR 0068). The look follows antd's (14 px, secondary text, "/" between the items).
const NAV: CSSProperties = { marginBottom: 16, fontSize: 14, lineHeight: 1.5715, color: 'rgba(0, 0, 0, 0.6)' };
const LIST: CSSProperties = { display: 'flex', flexWrap: 'wrap', listStyle: 'none', margin: 0, padding: 0 };
const SEPARATOR: CSSProperties = { marginInline: 8 };
const CURRENT: CSSProperties = { color: 'rgba(0, 0, 0, 0.88)' };
const LINK: CSSProperties = { color: 'inherit' };

/** 工作台 / app name / menu title (the last two only on an app route); 工作台 / 修改密码 on the password page. */
export function WorkbenchBreadcrumb({ route, menu }: { route: ShellRoute; menu: FeedMenu | undefined }): ReactElement {
  const items: Array<{ key: string; title: ReactNode }> = [
    { key: 'home', title: route.kind === 'home' ? '工作台' : <ShellLink to="/" style={LINK}>工作台</ShellLink> },
  ];
  if (route.kind === 'password') items.push({ key: 'password', title: '修改密码' });
  if (route.kind === 'app') {
    items.push({ key: 'app', title: route.app.name });
    if (menu && menu.appId === route.app.id && menu.title !== route.app.name) items.push({ key: 'menu', title: menu.title });
  }
  return (
    <nav aria-label="面包屑" style={NAV} data-testid="wb-breadcrumb">
      <ol style={LIST}>
        {items.map((item, i) => {
          const last = i === items.length - 1;
          return (
            <li key={item.key}>
              {i > 0 && <span aria-hidden="true" style={SEPARATOR}>/</span>}
              <span aria-current={last ? 'page' : undefined} style={last ? CURRENT : undefined}>{item.title}</span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
