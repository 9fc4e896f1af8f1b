import { Alert, Form, Input, Modal, Radio, Select } from 'antd';
import { useState, type ReactElement } from 'react';
import { copyToRequestSchema, reasonRequestSchema, returnTaskRequestSchema, transferTaskRequestSchema } from '@wb/contracts/workflow';
import { errorText, useWorkflowAction } from './inbox-api.ts';

/** The drawer's actions that take input (撤回 needs none and is confirmed instead). */
export type ActionKind = 'return' | 'transfer' | 'suspend' | 'resume' | 'terminate' | 'copy';

export const ACTION_TITLES: Readonly<Record<ActionKind, string>> = {
  return: '退回',
  transfer: '转办',
  suspend: '挂起',
  resume: '恢复',
  terminate: '终止',
  copy: '抄送',
};

interface Values {
  target?: 'previous' | 'initiator' | 'node';
  nodeKey?: string;
  opinion?: string;
  reason?: string;
  toUsername?: string;
  usernames?: string[];
}

export interface ActionDialogProps {
  kind: ActionKind;
  taskId: string | null;
  instanceId: string;
  /** Earlier nodes a return may go to (id and name). */
  returnNodes: ReadonlyArray<{ key: string; name: string }>;
  onClose(): void;
  onDone(message: string): void;
}

/** Validates with the contract's schema (the same messages as the server) and returns the body or field errors. */
function validate(kind: ActionKind, values: Values): { body: unknown } | { fields: Record<string, string> } {
  const schema = {
    return: returnTaskRequestSchema,
    transfer: transferTaskRequestSchema,
    suspend: reasonRequestSchema,
    resume: reasonRequestSchema,
    terminate: reasonRequestSchema,
    copy: copyToRequestSchema,
  }[kind];
  const input =
    kind === 'return'
      ? { target: values.target ?? 'previous', ...(values.target === 'node' ? { nodeKey: values.nodeKey } : {}), opinion: values.opinion ?? '' }
      : kind === 'transfer'
        ? { toUsername: values.toUsername?.trim() ?? '', opinion: values.opinion ?? '' }
        : kind === 'copy'
          ? { usernames: values.usernames ?? [], opinion: values.opinion ?? '' }
          : { reason: values.reason ?? '' };
  const parsed = schema.safeParse(input);
  if (parsed.success) return { body: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'opinion')] ??= issue.message;
  return { fields };
}

function actionPath(kind: ActionKind, taskId: string | null, instanceId: string): string {
  if (kind === 'return' || kind === 'transfer') return `/tasks/${encodeURIComponent(taskId ?? '')}/${kind}`;
  return `/instances/${encodeURIComponent(instanceId)}/${kind}`;
}

/** One dialog per action; the service's refusal (409, 412, 403 …) is shown in its own words. */
export function ActionDialog({ kind, taskId, instanceId, returnNodes, onClose, onDone }: ActionDialogProps): ReactElement {
  const [form] = Form.useForm<Values>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const action = useWorkflowAction();
  const target = Form.useWatch('target', form);

  async function submit(): Promise<void> {
    const result = validate(kind, form.getFieldsValue(true));
    if ('fields' in result) {
      setFields(result.fields);
      return;
    }
    setFields({});
    try {
      await action.mutateAsync({ path: actionPath(kind, taskId, instanceId), body: result.body });
      onDone(`${ACTION_TITLES[kind]}成功`);
    } catch {
      // Shown below from action.error.
    }
  }

  const item = (name: keyof Values, label: string, child: ReactElement) => (
    <Form.Item name={name} label={label} validateStatus={fields[name] ? 'error' : undefined} help={fields[name]}>
      {child}
    </Form.Item>
  );

  return (
    <Modal
      open
      title={ACTION_TITLES[kind]}
      okText="确定"
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={action.isPending}
      okButtonProps={{ danger: kind === 'terminate' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ target: 'previous' }} data-testid={`wb-action-${kind}`}>
        {kind === 'return' ? (
          <>
            {item(
              'target',
              '退回到',
              <Radio.Group
                options={[
                  { value: 'previous', label: '上一环节' },
                  { value: 'initiator', label: '发起人' },
                  { value: 'node', label: '指定环节' },
                ]}
              />,
            )}
            {target === 'node'
              ? item('nodeKey', '环节', <Select placeholder="请选择退回到的环节" options={returnNodes.map((n) => ({ value: n.key, label: n.name }))} />)
              : null}
            {item('opinion', '退回原因', <Input.TextArea rows={3} maxLength={1000} placeholder="请填写退回原因" />)}
          </>
        ) : null}
        {kind === 'transfer' ? (
          <>
            {item('toUsername', '转办给（用户名）', <Input placeholder="请输入接收人的用户名" />)}
            {item('opinion', '说明', <Input.TextArea rows={2} maxLength={1000} />)}
          </>
        ) : null}
        {kind === 'copy' ? (
          <>
            {item('usernames', '抄送给（用户名）', <Select mode="tags" placeholder="输入用户名后回车" open={false} />)}
            {item('opinion', '说明', <Input.TextArea rows={2} maxLength={1000} />)}
          </>
        ) : null}
        {kind === 'suspend' || kind === 'resume' || kind === 'terminate' ? item('reason', '原因', <Input.TextArea rows={3} maxLength={500} placeholder="请填写原因" />) : null}
      </Form>
      {action.error ? <Alert type="error" showIcon title={errorText(action.error)} data-testid="wb-action-error" /> : null}
    </Modal>
  );
}
