import { Breadcrumb } from 'antd';
import type { ReactElement, ReactNode } from 'react';
import type { FeedMenu } from '@wb/contracts';
import type { ShellRoute } from '../routing/paths.ts';
import { ShellLink } from '../components/ShellLink/ShellLink.tsx';

/** 工作台 / app name / menu title (the last two only on an app route); 工作台 / 修改密码 on the password page. */
export function WorkbenchBreadcrumb({ route, menu }: { route: ShellRoute; menu: FeedMenu | undefined }): ReactElement {
  const home = route.kind === 'home' ? '工作台' : <ShellLink to="/">工作台</ShellLink>;
  const items: Array<{ key: string; title: ReactNode }> = [{ key: 'home', title: home }];
  if (route.kind === 'password') items.push({ key: 'password', title: '修改密码' });
  if (route.kind === 'app') {
    items.push({ key: 'app', title: route.app.name });
    if (menu && menu.appId === route.app.id && menu.title !== route.app.name) items.push({ key: 'menu', title: menu.title });
  }
  return <Breadcrumb items={items} style={{ marginBottom: 16 }} />;
}
