import { Button, Card, Result, Spin } from 'antd';
import type { ReactElement } from 'react';
import { Link } from '@wb/sdk/react';
import { BASE, useOrder } from '../api.ts';
import { yuan } from '../routes.ts';
import { Screen } from './Screen.tsx';

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
            extra={[
              <Link key="a" to={`/accounts/${o.consNo}`}>
                <Button type="primary">查看账单</Button>
              </Link>,
              o.paymentId ? (
                <a key="r" href={`${BASE}/payments/${o.paymentId}/receipt.pdf`} target="_blank" rel="noopener">
                  <Button>电子收据</Button>
                </a>
              ) : null,
            ]}
          />
        ) : o.status === 'CLOSED' ? (
          <Result status="warning" title="订单已关闭" subTitle="该订单未支付，已关闭。如已扣款，款项将自动原路退回或转入预存。" extra={<Link to={`/accounts/${o.consNo}`}><Button>返回</Button></Link>} />
        ) : (
          <Result
            icon={<Spin size="large" />}
            title="正在确认支付结果…"
            subTitle={`订单号 ${o.outTradeNo}。如您未完成支付，可返回重新缴费。`}
            extra={<Link to={`/accounts/${o.consNo}`}><Button>返回账单</Button></Link>}
          />
        )}
      </Card>
    </Screen>
  );
}
