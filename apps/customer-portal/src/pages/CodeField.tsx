import { useEffect, useState, type ReactElement } from 'react';
import { Button, Form, Input } from 'antd';

/** Form `normalize`: a phone number, 户号 or code typed with spaces around it. */
export const trimmed = (value: unknown): unknown => (typeof value === 'string' ? value.trim() : value);

export interface CodeFieldProps {
  /** The code's own form item props (`form.field('code')`), rendered without a second label. */
  field: Record<string, unknown>;
  /** Whether the request for a code is complete (the phone or the 户号 and name are valid). */
  canSend: boolean;
  /** Asks for a code; resolves with how long to wait before the next one. */
  send: () => Promise<{ retryAfterSeconds: number }>;
  sending: boolean;
}

/** The 6-digit code input and its 获取验证码 button, which counts down the server's `retryAfterSeconds`. */
export function CodeField({ field, canSend, send, sending }: CodeFieldProps): ReactElement {
  const [wait, setWait] = useState(0);
  useEffect(() => {
    if (wait <= 0) return undefined;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);
  return (
    <div style={{ display: 'flex', gap: 8 }}>
      <Form.Item noStyle {...field} normalize={trimmed}>
        <Input size="large" inputMode="numeric" maxLength={6} placeholder="6 位验证码" aria-label="验证码" />
      </Form.Item>
      <Button
        size="large"
        disabled={!canSend || wait > 0}
        loading={sending}
        // A failure shows in the page's alert (the mutation's error); only a sent code starts the countdown.
        onClick={() => void send().then((r) => setWait(r.retryAfterSeconds), () => undefined)}
      >
        {wait > 0 ? `${wait} 秒` : '获取验证码'}
      </Button>
    </div>
  );
}
