import { applicationNoSchema, connectionNodeSchema } from '@wb/contracts/connection';
import type { ConnectionNode } from '@wb/contracts/connection';

/**
 * Routes of 业扩报装 below its base path. Task routes (manifest `workflows`) are
 * `/applications/<申请编号>/<node>`; the shell's inbox appends `?task=<id>`.
 */
export type ConnectionRoute =
  | { kind: 'list' }
  | { kind: 'accept' }
  | { kind: 'board' }
  | { kind: 'detail'; appNo: string; node: ConnectionNode | null }
  | { kind: 'notFound' };

export function matchRoute(pathname: string, basePath: string): ConnectionRoute {
  const rest = pathname.startsWith(basePath) ? pathname.slice(basePath.length).replace(/\/+$/, '') : null;
  if (rest === null) return { kind: 'notFound' };
  if (rest === '' || rest === '/applications') return { kind: 'list' };
  if (rest === '/accept') return { kind: 'accept' };
  if (rest === '/board') return { kind: 'board' };
  const detail = /^\/applications\/([^/]+)(?:\/([^/]+))?$/.exec(rest);
  if (detail?.[1] && applicationNoSchema.safeParse(detail[1]).success) {
    if (detail[2] === undefined) return { kind: 'detail', appNo: detail[1], node: null };
    const node = connectionNodeSchema.safeParse(detail[2]);
    if (node.success) return { kind: 'detail', appNo: detail[1], node: node.data };
  }
  return { kind: 'notFound' };
}

export const detailPath = (basePath: string, appNo: string): string => `${basePath}/applications/${appNo}`;
