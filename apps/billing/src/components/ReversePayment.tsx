import { useState } from 'react';
import { App, Button, Input, Modal, Typography } from 'antd';
import { reversalRequestSchema, type Account } from '@wb/contracts/billing';
import { ResponseError } from '@wb/contracts';
import { useReversePayment } from '../api/billing.ts';
import { formatYuan } from '../format.ts';

type Payment = Account['payments'][number];

/**
 * 冲正 of one payment (`df:pay:reverse`, intranet): a reason, then the service undoes its allocations and 预存 part.
 * The service refuses the collector themself (a second person must do it) and a stale payment (If-Match).
 */
export function ReversePayment({ payment }: { payment: Payment }) {
  const reverse = useReversePayment();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Awaited (ADR 0069): the outcome is told even if the dialog is gone by then (mutate's per-call callbacks are dropped).
  const submit = async (): Promise<void> => {
    const parsed = reversalRequestSchema.safeParse({ reason: reason.trim() });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请填写冲正原因');
      return;
    }
    setError(null);
    try {
      await reverse.mutateAsync({ payment, reason: parsed.data.reason });
    } catch (e) {
      setError(e instanceof ResponseError ? e.message : '冲正失败，请稍后重试');
      return;
    }
    void message.success(`已冲正：${formatYuan(payment.amountFen)}`);
    setOpen(false);
    setReason('');
  };
  return (
    <>
      <Button size="small" danger onClick={() => setOpen(true)}>
        冲正
      </Button>
      <Modal
        title={`冲正缴费 ${payment.id}`}
        open={open}
        okText="确认冲正"
        okButtonProps={{ danger: true, loading: reverse.isPending }}
        cancelText="取消"
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>
          冲正 {formatYuan(payment.amountFen)}（收费员 {payment.collector}）：撤销该笔缴费的销账和预存。冲正须由收费员以外的另一人办理。
        </Typography.Paragraph>
        <Input.TextArea aria-label="冲正原因" placeholder="冲正原因（必填）" maxLength={200} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} status={error ? 'error' : undefined} />
        {error && <Typography.Text type="danger" role="alert">{error}</Typography.Text>}
      </Modal>
    </>
  );
}
