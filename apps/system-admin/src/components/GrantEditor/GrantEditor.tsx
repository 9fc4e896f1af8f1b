import { Alert, App, Button, Card, Form, Select, Space, Tag } from 'antd';
import type { DataScopeRule, PermissionNode } from '@wb/contracts';
import { ErrorCode, ResponseError } from '@wb/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { iamKeys, parseVersionedRole, usePosts, useIamClient } from '../../api/queries.ts';
import type { VersionedRole } from '../../api/queries.ts';
import { useFormLeaveGuard, useServerErrors } from '@wb/sdk/react';
import { DataScopeEditor } from '../DataScopeEditor/DataScopeEditor.tsx';
import { GrantTree } from '../GrantTree/GrantTree.tsx';

interface GrantValues {
  permissions: string[];
  dataScopes: Array<Partial<DataScopeRule>>;
  conferredByPosts: string[];
}

export const CONFLICT_MESSAGE = '角色已被他人修改，请刷新后重试';

function toRequest(values: GrantValues) {
  return {
    permissions: values.permissions ?? [],
    conferredByPosts: values.conferredByPosts ?? [],
    dataScopes: (values.dataScopes ?? []).map((rule) => ({
      resourceType: (rule.resourceType ?? '').trim(),
      scopeType: rule.scopeType,
      // Only CUSTOM_ORGS names org units; other scopes follow the holder's own unit.
      orgUnitCodes: rule.scopeType === 'CUSTOM_ORGS' ? (rule.orgUnitCodes ?? []) : [],
    })),
  };
}

export interface GrantEditorProps {
  role: VersionedRole;
  permissions: readonly PermissionNode[];
}

/** The grants of one role: grant tree, data-scope rules and conferring posts, saved as a whole with If-Match. */
export function GrantEditor({ role, permissions }: GrantEditorProps) {
  const [form] = Form.useForm<GrantValues>();
  const [conflict, setConflict] = useState(false);
  /** Server messages for fields without an input of their own (e.g. `dataScopes`, `permissions`). */
  const [problems, setProblems] = useState<string[]>([]);
  const readOnly = role.type === 'SYSTEM';
  const posts = usePosts();
  const client = useIamClient();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showErrors = useServerErrors();
  // Unsaved grants ask before the page is left (docs/quality.md R5); a save remounts the editor (keyed by version).
  useFormLeaveGuard(form, { enabled: !readOnly });
  const refresh = () => queryClient.invalidateQueries({ queryKey: iamKeys.roles });
  const save = useMutation({
    mutationFn: async (values: GrantValues) =>
      parseVersionedRole(
        await client.put(`/roles/${encodeURIComponent(role.key)}/grants`, toRequest(values), { ifMatch: `"${role.version}"` }),
      ),
    onMutate: () => setProblems([]),
    onSuccess: async () => {
      void message.success(`已保存角色 ${role.name} 的授权`);
      await refresh();
    },
    onError: (error) => {
      if (error instanceof ResponseError && error.status === 412 && error.code === ErrorCode.PreconditionFailed) {
        setConflict(true);
        void message.error(CONFLICT_MESSAGE);
        return;
      }
      setProblems(Object.values(showErrors(form, error)));
    },
  });
  return (
    <Form<GrantValues>
      form={form}
      layout="vertical"
      disabled={readOnly}
      initialValues={{ permissions: role.permissions, dataScopes: role.dataScopes, conferredByPosts: role.conferredByPosts }}
      onFinish={(values) => save.mutate(values)}
    >
      {readOnly && (
        <Alert type="info" showIcon title="系统角色的授权由平台维护，不能在此修改。" style={{ marginBottom: 16 }} />
      )}
      {problems.length > 0 && (
        <Alert type="error" showIcon title={problems.join('；')} style={{ marginBottom: 16 }} />
      )}
      {conflict && (
        <Alert
          type="error"
          showIcon
          title={CONFLICT_MESSAGE}
          action={<Button size="small" onClick={() => void refresh()}>刷新</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Card size="small" title={<Space>功能授权<Tag>版本 {role.version}</Tag></Space>} style={{ marginBottom: 16 }}>
        <Form.Item name="permissions" noStyle>
          <GrantTree permissions={permissions} disabled={readOnly} />
        </Form.Item>
      </Card>
      <Card size="small" title="数据范围" style={{ marginBottom: 16 }}>
        <DataScopeEditor />
      </Card>
      <Form.Item name="conferredByPosts" label="持有以下岗位的人员自动获得此角色">
        <Select
          mode="multiple"
          aria-label="授予岗位"
          allowClear
          loading={posts.isLoading}
          options={(posts.data ?? []).map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        保存
      </Button>
    </Form>
  );
}
