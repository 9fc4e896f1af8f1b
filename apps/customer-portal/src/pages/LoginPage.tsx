import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState, type ReactElement } from 'react';
import { customerLoginSchema, sendLoginCodeSchema, type CustomerLogin } from '@wb/contracts/customer-portal';
import { useWorkbenchForm, type FormSchema } from '@wb/sdk/react';
import { useLogin, useSendCode } from '../api.ts';
import { CodeField, trimmed } from './CodeField.tsx';
import { Screen } from './Screen.tsx';

const CODE_LOGIN: FormSchema<CustomerLogin> = customerLoginSchema.options[0];
const PASSWORD_LOGIN: FormSchema<CustomerLogin> = customerLoginSchema.options[1];
/** 登录: phone + verification code (a first login registers the phone), or the password the customer set. */
export function LoginPage(): ReactElement {
  const [mode, setMode] = useState<'code' | 'password'>('code');
  const send = useSendCode();
  const login = useLogin();
  const loginForm = useWorkbenchForm({
    schema: mode === 'code' ? CODE_LOGIN : PASSWORD_LOGIN,
    name: 'login',
    guard: false,
    submit: (body) => login.mutateAsync(body),
  });
  const phone: unknown = Form.useWatch('phone', loginForm.form);
  const codeRequest = sendLoginCodeSchema.safeParse({ phone });
  return (
    <Screen title="掌上电力">
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          登录掌上电力
        </Typography.Title>
        <Typography.Paragraph type="secondary">查电费、交电费、报故障，首次使用验证码登录即自动注册。</Typography.Paragraph>
        <Segmented
          block
          value={mode}
          onChange={(v) => {
            setMode(v as 'code' | 'password');
            loginForm.form.setFieldsValue({ code: undefined, password: undefined });
          }}
          options={[{ label: '验证码登录', value: 'code' }, { label: '密码登录', value: 'password' }]}
          style={{ marginBottom: 16 }}
        />
        <Form layout="vertical" {...loginForm.formProps}>
          <Form.Item label="手机号" {...loginForm.field('phone')} normalize={trimmed}>
            <Input size="large" inputMode="numeric" maxLength={11} placeholder="请输入手机号" aria-label="手机号" />
          </Form.Item>
          {mode === 'code' ? (
            <CodeField field={loginForm.field('code')} request={codeRequest.success ? codeRequest.data.phone : null} sender={send} />
          ) : (
            <Form.Item label="密码" {...loginForm.field('password')}>
              <Input.Password size="large" placeholder="请输入密码" aria-label="密码" />
            </Form.Item>
          )}
          {loginForm.error ? <Alert type="error" showIcon title={loginForm.error} style={{ marginBottom: 12 }} /> : null}
          <Button type="primary" size="large" block htmlType="submit" loading={loginForm.submitting}>
            登录
          </Button>
        </Form>
      </Card>
    </Screen>
  );
}
