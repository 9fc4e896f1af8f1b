import { useEffect, useState, type ReactElement } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import type { CodeSent } from '@wb/contracts/customer-portal';

/** Form `normalize`: a phone number, 户号 or code typed with spaces around it. */
export const trimmed = (value: unknown): unknown => (typeof value === 'string' ? value.trim() : value);

export interface CodeFieldProps<R> {
  /** The code's own form item props (`form.field('code')`), rendered without a second label. */
  field: Record<string, unknown>;
  /** The request for a code, or null while it is incomplete (the phone, or the 户号 and name, not yet valid). */
  request: R | null;
  /** The mutation that sends a code (`useSendCode`, `useBindingCode`). */
  sender: { mutateAsync(request: R): Promise<CodeSent>; isPending: boolean; data?: CodeSent | undefined; error: Error | null };
}

/**
 * 验证码: the 6-digit code input and its 获取验证码 button, which counts down the server's `retryAfterSeconds`;
 * below them where the code went, and after the item why sending failed.
 */
export function CodeField<R>({ field, request, sender }: CodeFieldProps<R>): ReactElement {
  const [wait, setWait] = useState(0);
  useEffect(() => {
    if (wait <= 0) return undefined;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);
  return (
    <>
      <Form.Item label="验证码" required extra={sender.data ? `验证码已发送至 ${sender.data.maskedPhone}` : undefined}>
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item noStyle {...field} normalize={trimmed}>
            <Input size="large" inputMode="numeric" maxLength={6} placeholder="6 位验证码" aria-label="验证码" />
          </Form.Item>
          <Button
            size="large"
            disabled={request === null || wait > 0}
            loading={sender.isPending}
            // A failure shows in the alert below (the mutation's error); only a sent code starts the countdown.
            onClick={() => {
              if (request !== null) void sender.mutateAsync(request).then((r) => setWait(r.retryAfterSeconds), () => undefined);
            }}
          >
            {wait > 0 ? `${wait} 秒` : '获取验证码'}
          </Button>
        </div>
      </Form.Item>
      {sender.error ? <Alert type="error" showIcon title={sender.error.message} style={{ marginBottom: 12 }} /> : null}
    </>
  );
}
