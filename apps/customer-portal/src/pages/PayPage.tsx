import { Alert, Button, Card, Checkbox, Typography } from 'antd';
import { useMemo, useState, type ReactElement } from 'react';
import { useAccount, useCreateOrder } from '../api.ts';
import { RESULT_PATH, yuan, ymText } from '../routes.ts';
import { Rows, Screen, newKey } from './Screen.tsx';

/**
 * 缴费: all arrears, or the oldest months first (销账 is oldest first, so a later month can be chosen only with
 * the ones before it). One Idempotency-Key per screen: a double tap makes one order. Then the provider's checkout.
 */
export function PayPage({ consNo }: { consNo: string }): ReactElement {
  const account = useAccount(consNo);
  const create = useCreateOrder();
  const [key] = useState(newKey);
  const open = useMemo(() => (account.data?.bills ?? []).filter((b) => b.status !== 'PAID').reverse(), [account.data]); // oldest first
  const [count, setCount] = useState<number | null>(null);
  const chosen = count ?? open.length;
  const amount = open.slice(0, chosen).reduce((s, b) => s + b.dueFen, 0);
  const all = chosen === open.length;
  // Awaited (ADR 0069): the checkout opens even if this screen re-rendered or unmounted meanwhile; a refusal shows
  // from the mutation's state.
  const pay = async (): Promise<void> => {
    try {
      const order = await create.mutateAsync({ consNo, key: `${key}-${chosen}`, returnPath: RESULT_PATH, ...(all ? {} : { receivableIds: open.slice(0, chosen).map((b) => b.receivableId) }) });
      window.location.assign(order.checkoutUrl);
    } catch {
      // create.error is shown below.
    }
  };
  return (
    <Screen title="缴纳电费" back={`/accounts/${consNo}`}>
      {account.isError ? <Alert type="error" showIcon title={account.error.message} /> : null}
      <Card size="small" title="选择缴费月份" loading={!account.data}>
        {open.length === 0 ? (
          <Typography.Text type="success">没有需要缴纳的电费</Typography.Text>
        ) : (
          <Rows
            items={open}
            rowKey={(b) => b.receivableId}
            render={(b, i) => (
                <Checkbox checked={i < chosen} onChange={(e) => setCount(e.target.checked ? i + 1 : i)} style={{ width: '100%' }}>
                  <span style={{ display: 'inline-flex', justifyContent: 'space-between', width: '100%', minWidth: 240 }}>
                    <span>
                      {ymText(b.ym)}
                      {b.penaltyFen > 0 ? <Typography.Text type="danger" style={{ fontSize: 12 }}>（含违约金 {yuan(b.penaltyFen)}）</Typography.Text> : null}
                    </span>
                    <span>{yuan(b.dueFen)}</span>
                  </span>
                </Checkbox>
            )}
          />
        )}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
          按从早到晚的顺序缴纳：选中某月时，更早的月份会一并缴纳。
        </Typography.Paragraph>
      </Card>
      {create.isError ? <Alert type="error" showIcon title={create.error.message} /> : null}
      <Card size="small">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <span>
            合计 <Typography.Text strong style={{ fontSize: 22, color: '#cf1322' }} data-testid="cp-pay-amount">{yuan(amount)}</Typography.Text>
          </span>
          <Button type="primary" size="large" disabled={amount <= 0} loading={create.isPending || create.isSuccess} onClick={() => void pay()}>
            确认支付
          </Button>
        </div>
      </Card>
    </Screen>
  );
}
