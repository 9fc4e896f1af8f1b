import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState, type ReactElement } from 'react';
import { useNavigate, useWorkbench } from '@wb/sdk/react';
import { useBind, useBindingCode } from '../api.ts';
import { CONS_NO } from '../routes.ts';
import { Screen } from './Screen.tsx';

/** 绑定户号: 户号 + 户主姓名, then the code sent to the phone the 户 has on file. */
export function BindPage(): ReactElement {
  const navigate = useNavigate();
  const { basePath } = useWorkbench();
  const [consNo, setConsNo] = useState('');
  const [holderName, setHolderName] = useState('');
  const [code, setCode] = useState('');
  const [wait, setWait] = useState(0);
  const send = useBindingCode();
  const bind = useBind();
  useEffect(() => {
    if (wait <= 0) return undefined;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);
  const ready = CONS_NO.test(consNo) && holderName.trim().length > 0;
  return (
    <Screen title="绑定户号" back="">
      <Card>
        <Typography.Paragraph type="secondary">户号可在电费通知单或缴费凭证上找到。验证码将发送到该户在供电公司登记的手机号。</Typography.Paragraph>
        <Form layout="vertical" onFinish={() => bind.mutate({ consNo, holderName: holderName.trim(), code }, { onSuccess: () => navigate(`${basePath}/accounts/${consNo}`) })}>
          <Form.Item label="户号" validateStatus={consNo && !CONS_NO.test(consNo) ? 'error' : ''} help={consNo && !CONS_NO.test(consNo) ? '户号为 10 位数字' : undefined}>
            <Input size="large" inputMode="numeric" maxLength={10} value={consNo} onChange={(e) => setConsNo(e.target.value.trim())} aria-label="户号" placeholder="10 位户号" />
          </Form.Item>
          <Form.Item label="户主姓名">
            <Input size="large" maxLength={64} value={holderName} onChange={(e) => setHolderName(e.target.value)} aria-label="户主姓名" placeholder="与电费单上的户名一致" />
          </Form.Item>
          <Form.Item label="验证码" help={send.data ? `验证码已发送至 ${send.data.maskedPhone}` : undefined}>
            <div style={{ display: 'flex', gap: 8 }}>
              <Input size="large" inputMode="numeric" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.trim())} aria-label="验证码" placeholder="6 位验证码" />
              <Button size="large" disabled={!ready || wait > 0} loading={send.isPending} onClick={() => send.mutate({ consNo, holderName: holderName.trim() }, { onSuccess: (r) => setWait(r.retryAfterSeconds) })}>
                {wait > 0 ? `${wait} 秒` : '获取验证码'}
              </Button>
            </div>
          </Form.Item>
          {send.isError ? <Alert type="error" showIcon title={send.error.message} style={{ marginBottom: 12 }} /> : null}
          {bind.isError ? <Alert type="error" showIcon title={bind.error.message} style={{ marginBottom: 12 }} /> : null}
          <Button type="primary" size="large" block htmlType="submit" loading={bind.isPending} disabled={!ready || code.length !== 6}>
            绑定
          </Button>
        </Form>
      </Card>
    </Screen>
  );
}
