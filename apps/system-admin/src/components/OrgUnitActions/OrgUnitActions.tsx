import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ResponseError, orgUnitSchema } from '@wb/contracts';
import { orgUnitChangeSchema } from '@wb/contracts/iam-admin';
import type { OrgUnit } from '@wb/contracts';
import { useState } from 'react';
import { useServerErrors } from '@wb/sdk/react';
import { iamKeys, useIamClient } from '../../api/queries.ts';
import { ORG_TYPE_LABELS } from '../../orgTree.ts';
import { OrgTreeSelect } from '../OrgTreeSelect/OrgTreeSelect.tsx';

const TYPE_OPTIONS = (Object.keys(ORG_TYPE_LABELS) as OrgUnit['type'][]).map((value) => ({ value, label: ORG_TYPE_LABELS[value] }));

type Dialog = 'edit' | 'move' | 'merge' | null;

/** 移动 and 合并: the other unit they name (the request body's one field), what the dialog says first, the toast after. */
const RELOCATIONS = {
  move: {
    field: 'parentCode',
    label: '新的上级单位',
    required: '请选择新的上级单位',
    placeholder: '请选择上级单位',
    alert: {
      type: 'info',
      title: '连同全部下级单位一起移动',
      description: '单位编码不变；本单位人员的数据范围、客户与业务数据随单位一起归入新的上级单位。',
    },
    done: (unit: string, other: string) => `已将 ${unit} 及其下级单位移到 ${other}`,
  },
  merge: {
    field: 'intoCode',
    label: '合并到',
    required: '请选择目标单位',
    placeholder: '请选择目标单位',
    alert: {
      type: 'warning',
      title: '合并后本单位将停用',
      description: '本单位的人员、岗位任职与授权范围转入目标单位；本单位（含下级单位与业务数据）移到目标单位之下并停用，目标单位的数据范围覆盖这些数据。',
    },
    done: (unit: string, other: string) => `已将 ${unit} 合并到 ${other}`,
  },
} as const;
type Relocation = keyof typeof RELOCATIONS;

function RelocationFields({ kind }: { kind: Relocation }) {
  const r = RELOCATIONS[kind];
  return (
    <>
      <Alert type={r.alert.type} showIcon style={{ marginBottom: 16 }} title={r.alert.title} description={r.alert.description} />
      <Form.Item name={r.field} label={r.label} rules={[{ required: true, message: r.required }]}>
        <OrgTreeSelect placeholder={r.placeholder} />
      </Form.Item>
    </>
  );
}

/** 编辑 / 移动 / 合并 / 停用·启用 of one org unit (issue 20); every change is audited by the server. */
export function OrgUnitActions({ unit, units }: { unit: OrgUnit; units: readonly OrgUnit[] }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const client = useIamClient();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showErrors = useServerErrors();
  const isRoot = unit.parentCode === null;
  const nameOf = (code: string) => units.find((u) => u.code === code)?.name ?? code;
  const close = () => {
    form.resetFields();
    setDialog(null);
  };
  const done = async (text: string) => {
    void message.success(text);
    await queryClient.invalidateQueries({ queryKey: iamKeys.orgUnits });
    void queryClient.invalidateQueries({ queryKey: iamKeys.users });
    close();
  };
  const save = useMutation({
    mutationFn: async (values: Record<string, string>) => {
      const code = encodeURIComponent(unit.code);
      if (dialog === 'edit') return client.put(`/org-units/${code}`, { name: values.name, type: values.type }, { schema: orgUnitSchema });
      const kind: Relocation = dialog === 'move' ? 'move' : 'merge';
      const { field } = RELOCATIONS[kind];
      return client.post(`/org-units/${code}/${kind}`, { [field]: values[field] }, { schema: orgUnitChangeSchema });
    },
    onSuccess: async (_result, values) => {
      if (dialog === 'edit') return done(`已保存单位 ${values.name ?? unit.name}`);
      const r = RELOCATIONS[dialog === 'move' ? 'move' : 'merge'];
      return done(r.done(unit.name, nameOf(values[r.field] ?? '')));
    },
    onError: (error) => showErrors(form, error),
  });
  const status = useMutation({
    mutationFn: (next: 'active' | 'disabled') => client.put(`/org-units/${encodeURIComponent(unit.code)}/status`, { status: next }, { schema: orgUnitSchema }),
    onSuccess: async (row) => {
      void message.success(row.status === 'disabled' ? `已停用 ${unit.name}` : `已启用 ${unit.name}`);
      await queryClient.invalidateQueries({ queryKey: iamKeys.orgUnits });
    },
    onError: (error) => void message.error(error instanceof ResponseError ? error.message : '操作失败，请重试'),
  });
  const open = (next: Dialog) => {
    form.resetFields();
    if (next === 'edit') form.setFieldsValue({ name: unit.name, type: unit.type });
    setDialog(next);
  };
  const titles = { edit: `编辑单位：${unit.name}`, move: `移动单位：${unit.name}`, merge: `合并单位：${unit.name}` };
  return (
    <>
      <Space wrap>
        <Button onClick={() => open('edit')}>编辑</Button>
        <Button onClick={() => open('move')} disabled={isRoot}>
          移动
        </Button>
        <Button onClick={() => open('merge')} disabled={isRoot || unit.status === 'disabled'}>
          合并到…
        </Button>
        {unit.status === 'active' ? (
          <Popconfirm
            title={`停用 ${unit.name}？`}
            description="停用后不能再向该单位新增人员或岗位任职；单位内还有人员或下级单位时不能停用。"
            okText="停用"
            cancelText="取消"
            onConfirm={() => status.mutate('disabled')}
            disabled={isRoot}
          >
            <Button danger disabled={isRoot} loading={status.isPending}>
              停用
            </Button>
          </Popconfirm>
        ) : (
          <Button onClick={() => status.mutate('active')} loading={status.isPending}>
            启用
          </Button>
        )}
      </Space>
      <Modal
        title={dialog ? titles[dialog] : ''}
        open={dialog !== null}
        onCancel={close}
        onOk={() => form.submit()}
        okText={dialog === 'merge' ? '合并' : dialog === 'move' ? '移动' : '保存'}
        cancelText="取消"
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(values: Record<string, string>) => save.mutate(values)} preserve={false}>
          {dialog === 'edit' && (
            <>
              <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请输入单位名称' }]}>
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item name="type" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
                <Select options={TYPE_OPTIONS} />
              </Form.Item>
            </>
          )}
          {(dialog === 'move' || dialog === 'merge') && <RelocationFields kind={dialog} />}
        </Form>
      </Modal>
    </>
  );
}
