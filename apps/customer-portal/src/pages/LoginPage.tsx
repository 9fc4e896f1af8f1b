import { Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useEffect, useState, type ReactElement } from 'react';
import { useLogin, useSendCode } from '../api.ts';
import { Screen } from './Screen.tsx';

const PHONE = /^1[3-9]\d{9}$/;

/** 登录: phone + verification code (a first login registers the phone), or the password the customer set. */
export function LoginPage(): ReactElement {
  const [mode, setMode] = useState<'code' | 'password'>('code');
  const [phone, setPhone] = useState('');
  const [secret, setSecret] = useState('');
  const [wait, setWait] = useState(0);
  const send = useSendCode();
  const login = useLogin();
  useEffect(() => {
    if (wait <= 0) return undefined;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);
  const phoneOk = PHONE.test(phone);
  const submit = (): void => login.mutate(mode === 'code' ? { phone, code: secret } : { phone, password: secret });
  return (
    <Screen title="掌上电力">
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          登录掌上电力
        </Typography.Title>
        <Typography.Paragraph type="secondary">查电费、交电费、报故障，首次使用验证码登录即自动注册。</Typography.Paragraph>
        <Segmented block value={mode} onChange={(v) => { setMode(v as 'code' | 'password'); setSecret(''); }} options={[{ label: '验证码登录', value: 'code' }, { label: '密码登录', value: 'password' }]} style={{ marginBottom: 16 }} />
        <Form layout="vertical" onFinish={submit}>
          <Form.Item label="手机号" validateStatus={phone && !phoneOk ? 'error' : ''} help={phone && !phoneOk ? '请输入 11 位手机号' : undefined}>
            <Input size="large" inputMode="numeric" maxLength={11} value={phone} onChange={(e) => setPhone(e.target.value.trim())} placeholder="请输入手机号" aria-label="手机号" />
          </Form.Item>
          {mode === 'code' ? (
            <Form.Item label="验证码" help={send.isError ? send.error.message : send.data ? `验证码已发送至 ${send.data.maskedPhone}` : undefined} validateStatus={send.isError ? 'error' : ''}>
              <div style={{ display: 'flex', gap: 8 }}>
                <Input size="large" inputMode="numeric" maxLength={6} value={secret} onChange={(e) => setSecret(e.target.value.trim())} placeholder="6 位验证码" aria-label="验证码" />
                <Button
                  size="large"
                  disabled={!phoneOk || wait > 0}
                  loading={send.isPending}
                  onClick={() => send.mutate(phone, { onSuccess: (r) => setWait(r.retryAfterSeconds) })}
                >
                  {wait > 0 ? `${wait} 秒` : '获取验证码'}
                </Button>
              </div>
            </Form.Item>
          ) : (
            <Form.Item label="密码">
              <Input.Password size="large" value={secret} onChange={(e) => setSecret(e.target.value)} placeholder="请输入密码" aria-label="密码" />
            </Form.Item>
          )}
          {login.isError ? <Typography.Paragraph type="danger">{login.error.message}</Typography.Paragraph> : null}
          <Button type="primary" size="large" block htmlType="submit" loading={login.isPending} disabled={!phoneOk || !secret}>
            登录
          </Button>
        </Form>
      </Card>
    </Screen>
  );
}
