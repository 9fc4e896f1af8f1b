import { layoutSchema, type Layout, type LayoutItem } from '@wb/contracts/appstore';
import { createServiceClient, type ServiceClient } from '@wb/sdk';

/** The appstore service the shell calls for the home layout (contracts appstore.ts). */
export const APPSTORE_BASE_URL = '/api/svc/appstore/v1';

/** `/me/layout` and the administrators' per-post default layouts. */
export interface LayoutClient {
  /** The user's layout: their own, else their active post's default, else the built-in default. */
  get(signal?: AbortSignal): Promise<Layout>;
  save(items: readonly LayoutItem[]): Promise<Layout>;
  /** 恢复默认: deletes the user's own layout; returns the one now in force. */
  reset(): Promise<Layout>;
  /** 设为岗位默认布局 (`store:app:review`, ADR 0016). */
  saveForPost(postCode: string, items: readonly LayoutItem[]): Promise<void>;
}

/** The server answers a write with the layout in force, or with nothing (204); then it is read again. */
const layoutOrNull = { parse: (value: unknown): Layout | null => layoutSchema.safeParse(value).data ?? null };

export function createLayoutClient(client: ServiceClient = createServiceClient(APPSTORE_BASE_URL, { appId: 'shell' })): LayoutClient {
  const get = (signal?: AbortSignal): Promise<Layout> => client.get('/me/layout', { schema: layoutSchema, signal });
  return {
    get,
    async save(items) {
      return (await client.put('/me/layout', { items }, { schema: layoutOrNull })) ?? get();
    },
    async reset() {
      return (await client.delete('/me/layout', { schema: layoutOrNull })) ?? get();
    },
    async saveForPost(postCode, items) {
      await client.put(`/layouts/posts/${encodeURIComponent(postCode)}`, { items });
    },
  };
}
