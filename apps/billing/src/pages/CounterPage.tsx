import { useState } from 'react';
import { Card, Col, Empty, Flex, Row, Skeleton } from 'antd';
import type { PayResult } from '@wb/contracts/billing';
import { AppPart, QueryError, useNavigate, useWorkbench } from '@wb/sdk/react';
import { useAccount } from '../api/billing.ts';
import { AccountHeader, OpenReceivables, RecentPayments } from '../components/AccountSummary.tsx';
import { CustomerLookup } from '../components/CustomerLookup.tsx';
import { PaymentPanel } from '../components/PaymentPanel.tsx';
import { PaymentResult } from '../components/PaymentResult.tsx';
import { counterRoute } from '../routes.ts';

/**
 * 柜台收费 (issue 13): find the customer, read out what is owed today (违约金 accrued to today included), take cash,
 * card or QR, and show how the payment was settled — month by month, the 预存 part, and the 复电 order a payment
 * that clears a cut-off customer creates. The customer is in the path, so a reload keeps the account on screen.
 */
export function CounterPage({ consNo }: { consNo: string | null }) {
  const { basePath } = useWorkbench();
  const navigate = useNavigate();
  const account = useAccount(consNo);
  const [result, setResult] = useState<PayResult | null>(null);
  const pick = (next: string): void => {
    setResult(null);
    if (next !== consNo) navigate(`${basePath}${counterRoute(next)}`);
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={15}>
        <Flex vertical gap={16}>
          <Card size="small" title="查找客户">
            <CustomerLookup selected={consNo} onPick={pick} />
          </Card>
          {consNo === null ? (
            <Card size="small">
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="请输入户号、户名或电话查找客户" />
            </Card>
          ) : account.error ? (
            <QueryError query={account} title="账户信息加载失败" />
          ) : !account.data ? (
            <Card size="small"><Skeleton active paragraph={{ rows: 4 }} /></Card>
          ) : (
            <>
              <Card size="small" title="欠费信息">
                <Flex vertical gap={16}>
                  <AccountHeader account={account.data} />
                  <OpenReceivables account={account.data} />
                </Flex>
              </Card>
              <Card size="small" title={result ? '收费结果' : '收费'}>
                {result && result.payment.consNo === consNo ? (
                  <PaymentResult result={result} onNext={() => setResult(null)} />
                ) : (
                  // Keyed by the account's version: after a payment (or someone else's) the default amount is today's due.
                  <PaymentPanel key={`${consNo}/${account.data.version}`} account={account.data} onPaid={setResult} />
                )}
              </Card>
            </>
          )}
        </Flex>
      </Col>
      <Col xs={24} xl={9}>
        <Flex vertical gap={16}>
          {consNo && account.data && (
            <Card size="small" title="最近缴费">
              <RecentPayments account={account.data} />
            </Card>
          )}
          <Card size="small" title="客户360">
            {consNo ? (
              // The part's own wide tables scroll inside this card, never the counter page (390 px phones).
              <div style={{ overflowX: 'auto', minWidth: 0 }}>
                <AppPart app="customer-archive" part="customer-360" props={{ consNo }} />
              </div>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="选择客户后显示客户360" />
            )}
          </Card>
        </Flex>
      </Col>
    </Row>
  );
}
