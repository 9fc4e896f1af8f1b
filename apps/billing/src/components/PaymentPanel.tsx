import { Alert, Button, Flex, Form, Input, Radio, Space, Typography } from 'antd';
import { PAY_METHODS, fenToYuan, type Account, type PayResult } from '@wb/contracts/billing';
import { counterPaymentFormSchema } from '@wb/contracts/billing-counter';
import { dropEmpty, useWorkbenchForm } from '@wb/sdk/react';
import { usePay } from '../api/billing.ts';
import { formatYuan } from '../format.ts';

export interface PaymentPanelProps {
  account: Account;
  onPaid(result: PayResult): void;
}

/**
 * 收费: the amount (default: everything due today, 违约金 included) and cash, card or QR. The form's
 * Idempotency-Key stays the same for a double click or a retry after a network error, so the service books the
 * payment once; it changes only after a success.
 */
export function PaymentPanel({ account, onPaid }: PaymentPanelProps) {
  const pay = usePay();
  const form = useWorkbenchForm({
    schema: counterPaymentFormSchema,
    name: 'counter-payment',
    prepare: (values) => ({ ...dropEmpty(values), consNo: account.consNo }),
    submit: (body, { idempotencyKey }) => pay.mutateAsync({ body, idempotencyKey }),
    successMessage: (r) => `收费成功：${formatYuan(r.payment.amountFen)}`,
    onSuccess: (r) => onPaid(r),
    guard: { message: '收费尚未提交，确定离开吗？' },
  });
  const due = account.totalDueFen;
  return (
    <Form {...form.formProps} layout="vertical" initialValues={{ amountYuan: due > 0 ? fenToYuan(due) : '', method: 'CASH' }} disabled={form.submitting}>
      {form.error && <Alert type="error" showIcon title={form.error} style={{ marginBottom: 12 }} />}
      <Flex gap={16} wrap align="flex-start">
        <Form.Item {...form.field('amountYuan')} label="实收金额（元）" extra={due > 0 ? `应缴合计 ${formatYuan(due)}，多缴部分转为预存` : '该户无欠费，收款将全部转为预存'} style={{ minWidth: 260 }}>
          <Input aria-label="实收金额" prefix="¥" inputMode="decimal" maxLength={13} style={{ fontSize: 18 }} />
        </Form.Item>
        <Form.Item {...form.field('method')} label="缴费方式">
          <Radio.Group optionType="button" buttonStyle="solid" options={Object.entries(PAY_METHODS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
      </Flex>
      <Space>
        <Button type="primary" size="large" htmlType="submit" loading={form.submitting}>
          确认收费
        </Button>
        <Typography.Text type="secondary">按欠费月份从早到晚销账，先违约金后电费</Typography.Text>
      </Space>
    </Form>
  );
}
