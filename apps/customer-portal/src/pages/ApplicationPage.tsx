import { Alert, Button, Card, Input, Steps, Typography } from 'antd';
import { useState, type ReactElement } from 'react';
import { formatTime } from '@wb/sdk/react';
import { useApplication } from '../api.ts';
import { Screen } from './Screen.tsx';

/** 业扩进度: by application number, for applications registered with this phone. */
export function ApplicationPage(): ReactElement {
  const [appNo, setAppNo] = useState('');
  const query = useApplication();
  const a = query.data;
  const current = a ? a.steps.findIndex((s) => !s.doneAt) : 0;
  return (
    <Screen title="业扩进度查询" back="">
      <Card size="small">
        <div style={{ display: 'flex', gap: 8 }}>
          <Input size="large" value={appNo} onChange={(e) => setAppNo(e.target.value.trim())} placeholder="申请编号，如 YK2026…" aria-label="申请编号" maxLength={32} />
          <Button size="large" type="primary" disabled={appNo.length < 6} loading={query.isPending} onClick={() => query.mutate(appNo)}>
            查询
          </Button>
        </div>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
          仅可查询用本手机号登记的用电申请。
        </Typography.Paragraph>
      </Card>
      {query.isError ? <Alert type="error" showIcon title={query.error.message} /> : null}
      {a ? (
        <Card size="small" title={`${a.busiType} · ${a.status === 'COMPLETED' ? '已完成' : a.status === 'SUSPENDED' ? '暂停' : '办理中'}`}>
          <Steps
            direction="vertical"
            size="small"
            current={current < 0 ? a.steps.length : current}
            items={a.steps.map((s) => ({ title: s.name, description: s.doneAt ? formatTime(s.doneAt) : undefined }))}
          />
        </Card>
      ) : null}
    </Screen>
  );
}
