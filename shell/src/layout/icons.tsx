import { AppstoreOutlined } from '@ant-design/icons';
import type { ComponentType, ReactNode } from 'react';
import * as MENU_ICON_COMPONENTS from './menu-icons.ts';

/** The icons a manifest may name, by name; others fall back to AppstoreOutlined. */
export const ICONS: Readonly<Record<string, ComponentType<{ 'aria-hidden'?: boolean }>>> = MENU_ICON_COMPONENTS;

/**
 * A menu entry's or app card's icon: decorative (hidden from screen readers, which would otherwise read antd's
 * English icon name, "appstore", before every entry's Chinese name).
 */
export function menuIcon(name: string | undefined): ReactNode {
  const Icon = (name && ICONS[name]) || AppstoreOutlined;
  return <Icon aria-hidden />;
}
