import type { ReactNode } from 'react';
import { usePermission } from './context.ts';

export interface AuthorizedProps {
  permission: string;
  children: ReactNode;
  /** Rendered without the permission; nothing by default. */
  fallback?: ReactNode;
}

/** Shows `children` only to sessions holding `permission` (UI hiding; the server still enforces). */
export function Authorized({ permission, children, fallback = null }: AuthorizedProps): ReactNode {
  return usePermission(permission) ? children : fallback;
}
