import { LockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState, type ReactElement } from 'react';
import type { ChangePasswordRequest, ChangePasswordResult } from '../../identity/identity-client.ts';
import { useShellEnv, useShellState } from '../../layout/shell-context.ts';
import { withBasename } from '../../routing/channel.ts';
import { HOME_PATH, LOGIN_PATH } from '../../routing/paths.ts';

/**
 * The server's rule (docs/quality.md S13), told before the user tries. Its numbers are the server's configuration
 * (PASSWORD_MIN_LENGTH, PASSWORD_MIN_CLASSES; ADR 0017), so the page names the kinds of rule and the
 * server's 400 says exactly what is missing.
 */
export const PASSWORD_RULE = '新密码须符合密码策略：足够长，包含大写字母、小写字母、数字、符号中的多类，不能是常见密码，不能包含用户名。';

interface PasswordForm extends ChangePasswordRequest {
  confirmPassword: string;
}

export interface PasswordPageProps {
  /** 'required': an account that must change its password first (every route shows this page). */
  mode: 'required' | 'voluntary';
}

function failureMessage(result: Exclude<ChangePasswordResult, { ok: true }>): string {
  return result.kind === 'bad-request' ? result.message : '修改密码失败，请稍后重试';
}

/**
 * 修改密码. Required: success reloads the current path, so the server inlines the normal feed (with apps and
 * menus) the must-change session did not get. Voluntary: back to the workbench home.
 */
export function PasswordPage({ mode }: PasswordPageProps): ReactElement {
  const { identity, assignLocation, basename, navigate } = useShellEnv();
  const location = useShellState((state) => state.location);
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function submit(values: PasswordForm): Promise<void> {
    setSubmitting(true);
    setError(null);
    const result = await identity.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
    if (result.ok) {
      if (mode === 'required') {
        assignLocation(withBasename(`${location.pathname}${location.search}`, basename));
        return;
      }
      setSubmitting(false);
      form.resetFields();
      void message.success('密码已修改');
      navigate(HOME_PATH);
      return;
    }
    setSubmitting(false);
    if (result.kind === 'unauthenticated') {
      assignLocation(withBasename(LOGIN_PATH, basename));
      return;
    }
    setError(failureMessage(result));
    if (result.kind === 'bad-request') {
      form.setFields(Object.entries(result.fields).map(([name, text]) => ({ name: name as keyof PasswordForm, errors: [text] })));
    }
  }

  return (
    <Card style={{ maxWidth: 440, margin: mode === 'required' ? '48px auto' : undefined }} data-testid="wb-password-page">
      <Typography.Title level={4}>修改密码</Typography.Title>
      {mode === 'required' ? <Typography.Paragraph>首次登录或密码被重置后，请先修改密码再使用工作台。</Typography.Paragraph> : null}
      <Typography.Paragraph type="secondary">{PASSWORD_RULE}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<PasswordForm> form={form} layout="vertical" requiredMark={false} onFinish={(values) => void submit(values)}>
        <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" maxLength={1024} />
        </Form.Item>
        <Form.Item
          label="新密码"
          name="newPassword"
          rules={[
            { required: true, message: '请输入新密码' },
            { max: 128, message: '密码最多 128 个字符' },
          ]}
        >
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirmPassword"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_rule, value: unknown) =>
                !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致')),
            }),
          ]}
        >
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>
          修改密码
        </Button>
      </Form>
    </Card>
  );
}
