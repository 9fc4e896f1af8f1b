import { Alert, Button, Descriptions, Flex, Table, Typography } from 'antd';
import type { PayResult } from '@wb/contracts/billing';
import { PrinterOutlined } from '@ant-design/icons';
import { Link, formatTime, useHref, useNavigate, useWorkbench } from '@wb/sdk/react';
import { formatYm, formatYuan } from '../format.ts';
import { receiptPdfHref, receiptRoute } from '../routes.ts';
import { PAY_METHOD_NAMES } from './AccountSummary.tsx';

/** What the last payment did: its allocation month by month, the 预存 part, the 复电 order it created, the receipt. */
export function PaymentResult({ result, onNext }: { result: PayResult; onNext(): void }) {
  const { payment, account } = result;
  const cleared = account.totalDueFen === 0;
  const navigate = useNavigate();
  const { services } = useWorkbench();
  const receiptHref = useHref(receiptRoute(payment.id));
  return (
    <Flex vertical gap={12}>
      <Alert
        type="success"
        showIcon
        title={`收费成功：缴费编号 ${payment.id}，实收 ${formatYuan(payment.amountFen)}（${PAY_METHOD_NAMES[payment.method]}）`}
        description={cleared ? '欠费已全部结清。' : `尚欠 ${formatYuan(account.totalDueFen)}（含违约金）。`}
      />
      {payment.restoreOrderId && (
        <Alert
          type="warning"
          showIcon
          title={`已生成复电工单 ${payment.restoreOrderId}`}
          description={<span>客户欠费已结清，复电须在 24 小时内完成；可在<Link to="/orders">停复电看板</Link>跟踪。</span>}
        />
      )}
      <Table
        size="small"
        rowKey={(a) => `${a.receivableId ?? 'prepaid'}`}
        pagination={false}
        aria-label="销账明细"
        dataSource={payment.allocations}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'ym', title: '电费年月', render: (_, a) => formatYm(a.ym) },
          { key: 'penalty', title: '违约金', align: 'right', render: (_, a) => formatYuan(a.penaltyFen) },
          { key: 'principal', title: '电费', align: 'right', render: (_, a) => formatYuan(a.principalFen) },
          { key: 'sum', title: '小计', align: 'right', render: (_, a) => formatYuan(a.penaltyFen + a.principalFen) },
        ]}
        summary={() =>
          payment.prepaidFen > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={3}>转入预存</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">{formatYuan(payment.prepaidFen)}</Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
      {/* One column on a phone (390 px): three fixed columns squeezed the values to a character each. */}
      <Descriptions size="small" column={{ xs: 1, sm: 3 }} items={[
        { key: 'at', label: '收费时间', children: formatTime(payment.paidAt) },
        { key: 'collector', label: '收费员', children: payment.collector },
        { key: 'prepaid', label: '预存余额', children: formatYuan(account.prepaidFen) },
      ]} />
      <Flex gap={8} wrap>
        {/* The service's PDF (ADR 0043) opens in a tab of its own for the print dialog; the page view is the fallback. */}
        <Button type="primary" icon={<PrinterOutlined aria-hidden />} href={receiptPdfHref(services, payment.id)} target="_blank" rel="noopener">
          打印收据
        </Button>
        <Button
          href={receiptHref}
          onClick={(e) => {
            e.preventDefault();
            navigate(receiptHref);
          }}
        >
          收据预览
        </Button>
        <Button onClick={onNext}>继续收费</Button>
        <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>收据可随时在缴费记录中补打</Typography.Text>
      </Flex>
    </Flex>
  );
}
