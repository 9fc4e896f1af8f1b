import { Button, Card, Descriptions, Flex, Result, Skeleton, Table, Typography } from 'antd';
import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { ResponseError } from '@wb/contracts';
import { Link, QueryError, formatTime, useWorkbench } from '@wb/sdk/react';
import { useAccount, usePayment } from '../api/billing.ts';
import { PAY_METHOD_NAMES } from '../components/AccountSummary.tsx';
import { formatYm, formatYuan } from '../format.ts';
import { counterRoute, receiptPdfHref } from '../routes.ts';

/** Only the receipt is printed: the shell's header and menu and the buttons above stay on screen. */
const PRINT_CSS = `@media print {
  body * { visibility: hidden; }
  .wb-print-area, .wb-print-area * { visibility: visible; }
  .wb-print-area { position: absolute; left: 0; top: 0; width: 100%; box-shadow: none; }
}`;

/**
 * 电费收据 of one payment, laid out for the browser's print dialog (A5/A4; the workbench's chrome is not printed
 * because only this card is in the print area), beside the service's PDF (`GET /payments/:id/receipt.pdf`, ADR
 * 0043), which needs a CJK font on the server and answers 503 without one (docs/adr/0042-billing-app.md).
 */
export function ReceiptPage({ paymentId }: { paymentId: string }) {
  const { services } = useWorkbench();
  const payment = usePayment(paymentId);
  const account = useAccount(payment.data?.consNo ?? null);
  if (payment.error) {
    if (payment.error instanceof ResponseError && payment.error.status === 404) return <Result status="404" title="未找到该缴费记录" subTitle="缴费编号不存在，或不在您负责的范围内。" />;
    return <QueryError query={payment} title="收据加载失败" />;
  }
  if (!payment.data) return <Skeleton active />;
  const p = payment.data;
  return (
    <Flex vertical gap={16} style={{ maxWidth: 760 }}>
      <style>{PRINT_CSS}</style>
      <Flex gap={8} className="wb-no-print">
        <Button type="primary" icon={<PrinterOutlined aria-hidden />} onClick={() => window.print()}>
          打印
        </Button>
        <Button icon={<FilePdfOutlined aria-hidden />} href={receiptPdfHref(services, p.id)} target="_blank" rel="noopener">
          PDF 收据
        </Button>
        <Link to={counterRoute(p.consNo)}>返回收费台</Link>
      </Flex>
      <Card className="wb-print-area" title={<Typography.Title level={4} style={{ margin: 0, textAlign: 'center' }}>电费收据</Typography.Title>}>
        <Descriptions
          size="small"
          column={2}
          bordered
          items={[
            { key: 'no', label: '缴费编号', children: p.id },
            { key: 'at', label: '收费时间', children: formatTime(p.paidAt) },
            { key: 'cons', label: '户号', children: p.consNo },
            { key: 'name', label: '户名', children: account.data?.name ?? '…' },
            { key: 'amount', label: '实收金额', children: <Typography.Text strong>{formatYuan(p.amountFen)}</Typography.Text> },
            { key: 'method', label: '缴费方式', children: PAY_METHOD_NAMES[p.method] },
            { key: 'collector', label: '收费员', children: p.collector },
            { key: 'prepaid', label: '转入预存', children: formatYuan(p.prepaidFen) },
          ]}
        />
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey={(a) => a.receivableId ?? 'prepaid'}
          pagination={false}
          dataSource={p.allocations}
          columns={[
            { key: 'ym', title: '电费年月', render: (_, a) => formatYm(a.ym) },
            { key: 'principal', title: '电费', align: 'right', render: (_, a) => formatYuan(a.principalFen) },
            { key: 'penalty', title: '违约金', align: 'right', render: (_, a) => formatYuan(a.penaltyFen) },
          ]}
        />
        {p.reversed && <Typography.Paragraph type="danger" style={{ marginTop: 12 }}>本笔缴费已于 {formatTime(p.reversedAt)} 冲正，收据作废。</Typography.Paragraph>}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          请妥善保管本收据。电费查询与咨询请拨打 95598。
        </Typography.Paragraph>
      </Card>
    </Flex>
  );
}
