import { Button, Card, Flex, Result, Spin } from 'antd';
import type { ReactElement } from 'react';
import { LinkButton } from '@wb/sdk/react';
import { BASE, useOrder } from '../api.ts';
import { yuan } from '../routes.ts';
import { Screen } from './Screen.tsx';

/** To the 户's bill: a link that looks like a button. */
const ToAccount = ({ consNo, label, primary = false }: { consNo: string; label: string; primary?: boolean }): ReactElement => (
  <LinkButton to={`/accounts/${consNo}`} type={primary ? 'primary' : 'default'} block>
    {label}
  </LinkButton>
);

/** Back from the checkout: the order's state (asked again while unpaid; the server asks the provider too). */
export function ResultPage({ outTradeNo }: { outTradeNo: string }): ReactElement {
  const order = useOrder(outTradeNo);
  const o = order.data;
  return (
    <Screen title="支付结果" back="">
      <Card>
        {order.isError ? (
          <Result status="error" title="查询失败" subTitle={order.error.message} />
        ) : !o ? (
          <Spin style={{ display: 'block', margin: 40 }} />
        ) : o.status === 'PAID' ? (
          <Result
            status="success"
            title="缴费成功"
            subTitle={`户号 ${o.consNo} 已缴纳 ${yuan(o.amountFen)}${o.restoreOrderId ? '，已安排复电，24 小时内恢复供电' : ''}`}
            extra={
              <Flex vertical gap={12} style={{ maxWidth: 240, margin: '0 auto' }}>
                <ToAccount consNo={o.consNo} label="查看账单" primary />
                {o.paymentId ? (
                  <Button block href={`${BASE}/payments/${o.paymentId}/receipt.pdf`} target="_blank" rel="noopener">
                    电子收据
                  </Button>
                ) : null}
              </Flex>
            }
          />
        ) : o.status === 'CLOSED' ? (
          <Result status="warning" title="订单已关闭" subTitle="该订单未支付，已关闭。如已扣款，款项将自动原路退回或转入预存。" extra={<ToAccount consNo={o.consNo} label="返回" />} />
        ) : (
          <Result
            icon={<Spin size="large" />}
            title="正在确认支付结果…"
            subTitle={`订单号 ${o.outTradeNo}。如您未完成支付，可返回重新缴费。`}
            extra={<ToAccount consNo={o.consNo} label="返回账单" />}
          />
        )}
      </Card>
    </Screen>
  );
}
