import { App } from 'antd';
import type { PostRef, SessionUser } from '@wb/contracts';
import { useShellEnv } from '../layout/shell-context.ts';
import { withBasename } from '../routing/channel.ts';
import { LOGIN_PATH } from '../routing/paths.ts';

/** "岗位 · 单位" of a post. */
export const formatPost = (post: PostRef): string => `${post.name} · ${post.orgUnitName}`;

/** "岗位 · 单位" of the active post; the user's own org unit when they hold no post. */
export function postLabel(user: SessionUser): string {
  return user.activePost ? formatPost(user.activePost) : user.orgUnitName;
}

/** Posts are held in an org unit: the same post code in two units is two posts. */
export const postKey = (post: Pick<PostRef, 'code' | 'orgUnitCode'>): string => `${post.code}@${post.orgUnitCode}`;

export function isActivePost(user: SessionUser, post: PostRef): boolean {
  return user.activePost !== null && postKey(user.activePost) === postKey(post);
}

/** Post switch and logout with their user-facing messages, shared by the header and the mobile 我的 page. */
export function useSessionActions(): { switchPost(post: PostRef): Promise<void>; logout(): Promise<void> } {
  const env = useShellEnv();
  const { message } = App.useApp();
  return {
    async switchPost(post) {
      // Another post remounts the app on screen: its unsaved input would be lost (docs/quality.md R5).
      if (!(await env.leaveGuard.confirmLeave())) return;
      const resume = env.leaveGuard.suspend();
      let result;
      try {
        result = await env.switchPost(post);
      } finally {
        resume();
      }
      if (result.kind === 'failed') void message.error('切换岗位失败，请稍后重试');
      else if (result.kind === 'switched') {
        void message.success(`已切换到 ${formatPost(post)}`);
        if (result.leftApp) void message.info('当前岗位无权使用该应用，已返回工作台');
      }
    },
    async logout() {
      if (!(await env.leaveGuard.confirmLeave())) return;
      // Stays suspended once logged out: the page is being left and the browser must not ask again.
      const resume = env.leaveGuard.suspend();
      if (await env.identity.logout()) env.assignLocation(withBasename(LOGIN_PATH, env.basename));
      else {
        resume();
        void message.error('退出登录失败，请稍后重试');
      }
    },
  };
}
