import { App, Button, Popconfirm, Space } from 'antd';
import { adminUserSchema } from '@wb/contracts';
import type { AdminUser } from '@wb/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { iamKeys, useIamClient } from '../../api/queries.ts';
import { useServerErrors } from '@wb/sdk/react';

/** `POST /users/:id/sessions:end` answers how many sessions it ended. */
const endedSessionsSchema = {
  parse(value: unknown): { ended: number } {
    const ended = (value as { ended?: unknown } | null)?.ended;
    if (typeof ended !== 'number') throw new Error('no ended count');
    return { ended };
  },
};

export interface UserActionsProps {
  user: AdminUser;
  onResetPassword(user: AdminUser): void;
  onPosts(user: AdminUser): void;
  /** 权限说明: the user's effective permissions and where they come from. */
  onExplain?(user: AdminUser): void;
}

function useUserWrite<T>(fn: (user: AdminUser) => Promise<T>, success: (user: AdminUser, result: T) => string) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showErrors = useServerErrors();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (result, user) => {
      void message.success(success(user, result));
      await queryClient.invalidateQueries({ queryKey: iamKeys.users });
    },
    onError: (error) => showErrors(null, error),
  });
}

/** Row actions of 用户管理: 停用/启用, 重置密码, 强制下线, 岗位. */
export function UserActions({ user, onResetPassword, onPosts, onExplain }: UserActionsProps) {
  const client = useIamClient();
  const path = `/users/${encodeURIComponent(user.id)}`;
  const disabling = user.status === 'active';
  const setStatus = useUserWrite(
    (u) => client.put(`${path}/status`, { status: u.status === 'active' ? 'disabled' : 'active' }, { schema: adminUserSchema }),
    (u) => `已${u.status === 'active' ? '停用' : '启用'}用户 ${u.username}`,
  );
  const endSessions = useUserWrite(
    () => client.post(`${path}/sessions:end`, undefined, { schema: endedSessionsSchema }),
    (u, result) => `已强制 ${u.username} 下线（结束 ${result?.ended ?? 0} 个会话）`,
  );
  return (
    <Space size={0} wrap>
      <Popconfirm
        title={disabling ? `停用用户 ${user.username}？` : `启用用户 ${user.username}？`}
        description={disabling ? '停用后该用户的所有会话立即结束，且无法登录。' : undefined}
        okText={disabling ? '停用' : '启用'}
        cancelText="取消"
        onConfirm={() => setStatus.mutate(user)}
      >
        <Button type="link" size="small" danger={disabling} loading={setStatus.isPending}>
          {disabling ? '停用' : '启用'}
        </Button>
      </Popconfirm>
      <Button type="link" size="small" onClick={() => onResetPassword(user)}>
        重置密码
      </Button>
      <Popconfirm
        title={`强制 ${user.username} 下线？`}
        description="将结束该用户的全部会话。"
        okText="下线"
        cancelText="取消"
        onConfirm={() => endSessions.mutate(user)}
      >
        <Button type="link" size="small" loading={endSessions.isPending}>
          强制下线
        </Button>
      </Popconfirm>
      <Button type="link" size="small" onClick={() => onPosts(user)}>
        岗位
      </Button>
      {onExplain && (
        <Button type="link" size="small" onClick={() => onExplain(user)}>
          权限说明
        </Button>
      )}
    </Space>
  );
}
