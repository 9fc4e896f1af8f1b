import type { FeedApp } from '@wb/contracts';

/** What a route is resolved for: a task (or an instance row) with its process, node and business. */
export interface TaskTarget {
  taskId: string | null;
  instanceId: string;
  processKey: string;
  nodeKey: string | null;
  businessKey: string;
}

export interface ResolvedTaskRoute {
  app: FeedApp;
  /** Shell path (below the channel) with placeholders replaced and `task=<id>` appended when there is a task. */
  path: string;
}

/** The fallback node key of a manifest `workflows` entry: serves every node without its own route. */
export const ANY_NODE = '*';

const PLACEHOLDER = /:(businessKey|taskId|instanceId)\b/g;

function fill(route: string, target: TaskTarget): string {
  return route.replace(PLACEHOLDER, (_match, name: 'businessKey' | 'taskId' | 'instanceId') => encodeURIComponent(target[name] ?? ''));
}

function withTask(path: string, taskId: string | null): string {
  if (!taskId) return path;
  const hash = path.indexOf('#');
  const [beforeHash, fragment] = hash === -1 ? [path, ''] : [path.slice(0, hash), path.slice(hash)];
  const separator = beforeHash.includes('?') ? '&' : '?';
  return `${beforeHash}${separator}task=${encodeURIComponent(taskId)}${fragment}`;
}

/**
 * The app route a task opens at: the first feed app whose manifest `workflows` binds the task's process and
 * node (an exact node key first, across all apps, then `*`), with `:businessKey`, `:taskId` and `:instanceId`
 * replaced and `?task=<taskId>` appended. Null when no app in the user's feed serves it (the inbox then
 * offers its generic form).
 */
export function resolveTaskRoute(apps: readonly FeedApp[], target: TaskTarget): ResolvedTaskRoute | null {
  const bindings = apps.flatMap((app) => app.workflows.filter((w) => w.processKey === target.processKey).map((w) => ({ app, nodes: w.nodes })));
  const exact = target.nodeKey ? bindings.find((b) => b.nodes[target.nodeKey as string] !== undefined) : undefined;
  const chosen = exact ?? bindings.find((b) => b.nodes[ANY_NODE] !== undefined);
  if (!chosen) return null;
  const route = exact && target.nodeKey ? chosen.nodes[target.nodeKey] : chosen.nodes[ANY_NODE];
  if (!route) return null;
  // Absolute routes (`/app/<id>/…`) as the manifests write them; a relative one is below the app's first route.
  const absolute = route.startsWith('/') ? route : `${(chosen.app.routes[0] ?? `/app/${chosen.app.id}`).replace(/\/+$/, '')}/${route}`;
  return { app: chosen.app, path: withTask(fill(absolute, target), target.taskId) };
}
