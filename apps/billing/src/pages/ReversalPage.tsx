import { useState } from 'react';
import { Card, Empty, Flex, Input, Result, Skeleton, Typography } from 'antd';
import { ResponseError } from '@wb/contracts';
import { QueryError, useNavigate, useWorkbench } from '@wb/sdk/react';
import { useAccount } from '../api/billing.ts';
import { AccountHeader, RecentPayments } from '../components/AccountSummary.tsx';
import { CONS_NO, reversalRoute } from '../routes.ts';

/**
 * 缴费冲正 (`df:pay:reverse`, intranet): a second person — never the collector who took the money — reverses a
 * payment of a customer with a reason (ADR 0035, ADR 0049). The customer is in the path (`/reversals/<户号>`).
 */
export function ReversalPage({ consNo }: { consNo: string | null }) {
  const { basePath } = useWorkbench();
  const navigate = useNavigate();
  const account = useAccount(consNo);
  const [input, setInput] = useState(consNo ?? '');
  const [error, setError] = useState<string | null>(null);
  const search = (value: string): void => {
    const v = value.trim();
    if (!CONS_NO.test(v)) {
      setError('户号应为 10 位数字');
      return;
    }
    setError(null);
    navigate(`${basePath}${reversalRoute(v)}`);
  };
  return (
    <Flex vertical gap={16}>
      <Card size="small" title="缴费冲正">
        <Flex vertical gap={8}>
          <Input.Search
            aria-label="户号"
            placeholder="输入 10 位户号"
            maxLength={10}
            inputMode="numeric"
            enterButton="查询"
            style={{ maxWidth: 360 }}
            value={input}
            onChange={(e) => setInput(e.target.value)}
            onSearch={search}
            status={error ? 'error' : undefined}
          />
          {error && <Typography.Text type="danger" role="alert">{error}</Typography.Text>}
          <Typography.Text type="secondary">冲正撤销一笔缴费的销账和预存，须由收费员以外的另一人办理并填写原因。</Typography.Text>
        </Flex>
      </Card>
      {consNo === null ? (
        <Card size="small">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="请输入户号查询缴费记录" />
        </Card>
      ) : account.error ? (
        account.error instanceof ResponseError && account.error.status === 404 ? (
          <Result status="404" title="未找到该客户" subTitle="户号不存在，或不在您负责的范围内。" />
        ) : (
          <QueryError query={account} title="账户信息加载失败" />
        )
      ) : !account.data ? (
        <Card size="small"><Skeleton active paragraph={{ rows: 4 }} /></Card>
      ) : (
        <>
          <Card size="small" title="账户">
            <AccountHeader account={account.data} />
          </Card>
          <Card size="small" title="缴费记录">
            <RecentPayments account={account.data} limit={24} reversible />
          </Card>
        </>
      )}
    </Flex>
  );
}
