import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { type ReactElement } from 'react';
import { bindRequestSchema, bindingCodeRequestSchema } from '@wb/contracts/customer-portal';
import { useNavigate, useWorkbench, useWorkbenchForm } from '@wb/sdk/react';
import { useBind, useBindingCode } from '../api.ts';
import { CodeField, trimmed } from './CodeField.tsx';
import { Screen } from './Screen.tsx';

/** 绑定户号: 户号 + 户主姓名, then the code sent to the phone the 户 has on file (the SDK's form hook, issue 21). */
export function BindPage(): ReactElement {
  const navigate = useNavigate();
  const { basePath } = useWorkbench();
  const send = useBindingCode();
  const bind = useBind();
  const bindForm = useWorkbenchForm({
    schema: bindRequestSchema,
    name: 'bind',
    // A customer's own phone: nothing of the workbench's to guard.
    guard: false,
    submit: (body) => bind.mutateAsync(body),
    onSuccess: (_result, body) => navigate(`${basePath}/accounts/${body.consNo}`),
  });
  const consNo: unknown = Form.useWatch('consNo', bindForm.form);
  const holderName: unknown = Form.useWatch('holderName', bindForm.form);
  const codeRequest = bindingCodeRequestSchema.safeParse({ consNo, holderName });
  return (
    <Screen title="绑定户号" back="">
      <Card>
        <Typography.Paragraph type="secondary">户号可在电费通知单或缴费凭证上找到。验证码将发送到该户在供电公司登记的手机号。</Typography.Paragraph>
        <Form layout="vertical" {...bindForm.formProps}>
          <Form.Item label="户号" {...bindForm.field('consNo')} normalize={trimmed}>
            <Input size="large" inputMode="numeric" maxLength={10} aria-label="户号" placeholder="10 位户号" />
          </Form.Item>
          <Form.Item label="户主姓名" {...bindForm.field('holderName')}>
            <Input size="large" maxLength={64} aria-label="户主姓名" placeholder="与电费单上的户名一致" />
          </Form.Item>
          <CodeField field={bindForm.field('code')} request={codeRequest.success ? codeRequest.data : null} sender={send} />
          {bindForm.error ? <Alert type="error" showIcon title={bindForm.error} style={{ marginBottom: 12 }} /> : null}
          <Button type="primary" size="large" block htmlType="submit" loading={bindForm.submitting}>
            绑定
          </Button>
        </Form>
      </Card>
    </Screen>
  );
}
