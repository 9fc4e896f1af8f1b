import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState, type ReactElement } from 'react';
import type { LoginRequest } from '@wb/contracts';
import { PRODUCT_NAME } from '../../layout/product.ts';
import { useShellEnv, useShellState } from '../../layout/shell-context.ts';
import { withBasename } from '../../routing/channel.ts';
import { HOME_PATH, safeReturnTo } from '../../routing/paths.ts';
import { loginErrorMessage } from './login-messages.ts';

const PAGE_STYLE = { minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' };

/** Login at /login (and on any route without a session). Success is a full navigation to `returnTo`. */
export function LoginPage(): ReactElement {
  const { identity, assignLocation, basename } = useShellEnv();
  const search = useShellState((state) => state.location.search);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function submit(values: LoginRequest): Promise<void> {
    setSubmitting(true);
    setError(null);
    const result = await identity.login({ username: values.username.trim(), password: values.password });
    if (result.ok) {
      // A full load, so the server inlines the new session's feed and import map.
      // returnTo is below the channel's entry (`/m/login?returnTo=/app/x` returns to `/m/app/x`).
      const target = safeReturnTo(new URLSearchParams(search).get('returnTo'), window.location.origin) ?? HOME_PATH;
      assignLocation(withBasename(target, basename));
      return;
    }
    setSubmitting(false);
    setError(loginErrorMessage(result));
  }

  return (
    <main style={PAGE_STYLE}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={4} style={{ textAlign: 'center' }}>
          {PRODUCT_NAME}
        </Typography.Title>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Form<LoginRequest> layout="vertical" requiredMark={false} onFinish={(values) => void submit(values)}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" maxLength={64} autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" maxLength={1024} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            登录
          </Button>
        </Form>
      </Card>
    </main>
  );
}
