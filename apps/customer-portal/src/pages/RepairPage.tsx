import { Alert, Button, Card, Input, Tag, Typography } from 'antd';
import { useState, type ReactElement } from 'react';
import { formatTime } from '@wb/sdk/react';
import { useRepairs, useReportFault } from '../api.ts';
import { Rows, Screen, newKey } from './Screen.tsx';

/** 故障报修: a 95598 故障报修 ticket from 掌上电力, then its progress. */
export function RepairPage({ consNo }: { consNo: string }): ReactElement {
  const [content, setContent] = useState('');
  const [key, setKey] = useState(newKey);
  const report = useReportFault(consNo);
  const repairs = useRepairs(consNo);
  // Awaited (ADR 0069); a refusal shows from the mutation's state (the Alert above the button).
  const submit = async (): Promise<void> => {
    try {
      await report.mutateAsync({ content: content.trim(), key });
    } catch {
      return;
    }
    setContent('');
    setKey(newKey());
  };
  return (
    <Screen title="故障报修" back={`/accounts/${consNo}`}>
      <Card size="small">
        <Typography.Paragraph type="secondary">请描述故障情况（如：家中无电、电表异常、线路冒火花等）。抢修人员将按时限到达现场。紧急危险情况请同时拨打 95598。</Typography.Paragraph>
        <Input.TextArea rows={4} maxLength={500} showCount value={content} onChange={(e) => setContent(e.target.value)} aria-label="故障描述" placeholder="故障描述" />
        {report.isError ? <Alert type="error" showIcon title={report.error.message} style={{ marginTop: 28 }} /> : null}
        {report.data ? <Alert type="success" showIcon title={`报修已受理，工单号 ${report.data.ticketNo}`} style={{ marginTop: 28 }} /> : null}
        <Button
          type="primary"
          size="large"
          block
          style={{ marginTop: 12 }}
          disabled={content.trim().length < 2}
          loading={report.isPending}
          onClick={() => void submit()}
        >
          提交报修
        </Button>
      </Card>
      <Card size="small" title="我的报修">
        <Rows
          items={repairs.data?.items ?? []}
          rowKey={(t) => t.ticketNo}
          empty={<Typography.Text type="secondary">暂无报修记录</Typography.Text>}
          render={(t) => (
            <div data-testid="cp-repair">
              <Typography.Text strong>工单 {t.ticketNo}</Typography.Text> <Tag color="processing">{t.statusName}</Tag>
              <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
                {`${formatTime(t.createdAt)} · ${t.content}`}
              </Typography.Paragraph>
            </div>
          )}
        />
      </Card>
    </Screen>
  );
}
