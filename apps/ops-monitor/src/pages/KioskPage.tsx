import { useState } from 'react';
import { Alert, Button, Card, Col, Empty, Form, Input, Row, Space, Spin, Steps, Tabs, Tag, Typography } from 'antd';
import { ResponseError } from '@wb/contracts';
import type { KioskApplication, KioskOutage } from '@wb/contracts/indicators';
import { formatDate, formatTime, useNow } from '@wb/sdk/react';
import { useKioskApplicationLookup, useKioskOutages, useKioskTariffs } from '../api/kiosk.ts';

const BIG = { fontSize: 22 } as const;
const when = (iso: string): string => formatTime(iso);

function OutageCard({ o }: { o: KioskOutage }) {
  return (
    <Card size="small" data-testid={`kiosk-outage-${o.id}`} style={{ height: '100%' }}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap>
          <Tag color={o.status === 'ACTIVE' ? 'red' : 'blue'} style={{ fontSize: 18, padding: '4px 10px' }}>{o.statusName}</Tag>
          <Typography.Text strong style={BIG}>{o.kindName}</Typography.Text>
          <Typography.Text type="secondary">{o.orgUnitName}</Typography.Text>
        </Space>
        <Typography.Text style={BIG}>停电范围：{o.area}</Typography.Text>
        <Typography.Text>停电时间：{when(o.startAt)} 至 {when(o.endAt)}（预计）</Typography.Text>
        <Typography.Text type="secondary">原因：{o.reason}</Typography.Text>
      </Space>
    </Card>
  );
}

function Outages() {
  const q = useKioskOutages();
  if (q.isPending) return <Spin size="large" />;
  if (q.isError) return <Alert type="warning" showIcon title="停电信息暂时无法获取，请稍后再试或咨询柜台工作人员" />;
  const items = q.data.items;
  if (items.length === 0) return <Empty description={<span style={BIG}>目前没有停电计划，也没有正在进行的停电</span>} />;
  return (
    <Row gutter={[16, 16]}>
      {items.map((o) => (
        <Col key={o.id} xs={24} xl={12}>
          <OutageCard o={o} />
        </Col>
      ))}
    </Row>
  );
}

function Tariffs() {
  const q = useKioskTariffs();
  if (q.isPending) return <Spin size="large" />;
  if (q.isError) return <Alert type="warning" showIcon title="电价信息暂时无法获取，请咨询柜台工作人员" />;
  return (
    <Row gutter={[16, 16]}>
      {q.data.items.map((t) => (
        <Col key={t.code} xs={24} lg={12} xxl={8}>
          <Card title={<span style={BIG}>{t.name}</span>} size="small" data-testid={`kiosk-tariff-${t.code}`} style={{ height: '100%' }}>
            {t.lines.map((l) => (
              <Row key={l.label} justify="space-between" style={{ padding: '6px 0', borderBottom: '1px dashed #e5e5e5' }}>
                <Typography.Text>{l.label}</Typography.Text>
                <Typography.Text strong>{l.price}</Typography.Text>
              </Row>
            ))}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 14 }}>{t.note}</Typography.Paragraph>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function Progress({ a }: { a: KioskApplication }) {
  const current = a.steps.findIndex((s) => !s.doneAt);
  return (
    <Card data-testid="kiosk-application" title={<span style={BIG}>申请编号 {a.appNo}</span>} extra={<Tag color="processing" style={{ fontSize: 18, padding: '4px 10px' }}>{a.statusName}</Tag>}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text style={BIG}>
          {a.busiType} · 受理日期 {formatDate(a.acceptedAt)}
          {a.currentStep ? ` · 当前环节：${a.currentStep}` : ''}
        </Typography.Text>
        <Steps
          direction="vertical"
          current={current < 0 ? a.steps.length : current}
          items={a.steps.map((s) => ({ title: s.name, description: s.doneAt ? `已完成 ${formatDate(s.doneAt)}` : undefined }))}
        />
      </Space>
    </Card>
  );
}

function ApplicationLookup() {
  const lookup = useKioskApplicationLookup();
  const [form] = Form.useForm<{ appNo: string; phone4: string }>();
  const error = lookup.error instanceof ResponseError ? lookup.error.message : lookup.error ? '查询失败，请稍后再试' : null;
  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} lg={10}>
        <Card title={<span style={BIG}>业扩（用电报装）进度查询</span>}>
          <Form form={form} layout="vertical" size="large" onFinish={(v) => lookup.mutate({ appNo: v.appNo.trim(), phone4: v.phone4.trim() })}>
            <Form.Item name="appNo" label="申请编号" rules={[{ required: true, message: '请输入申请编号' }, { pattern: /^[0-9A-Za-z-]{6,32}$/, message: '申请编号格式不正确' }]}>
              <Input placeholder="如 YK2026120600001" autoComplete="off" data-testid="kiosk-app-no" />
            </Form.Item>
            <Form.Item name="phone4" label="登记手机号后 4 位" rules={[{ required: true, message: '请输入登记手机号后 4 位' }, { pattern: /^[0-9]{4}$/, message: '请输入 4 位数字' }]}>
              <Input inputMode="numeric" maxLength={4} autoComplete="off" data-testid="kiosk-phone4" />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={lookup.isPending} data-testid="kiosk-lookup">查询</Button>
              <Button onClick={() => { form.resetFields(); lookup.reset(); }}>清除</Button>
            </Space>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
            为保护您的信息，结果页不显示姓名、地址和电话；离开前请点“清除”。
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        {error ? <Alert type="warning" showIcon title={error} style={BIG} /> : null}
        {lookup.data ? <Progress a={lookup.data} /> : null}
      </Col>
    </Row>
  );
}

/** 营业厅自助终端: 停电信息, 电价 and 业扩进度 for customers (the kiosk channel's home of this app, ADR 0061). */
export function KioskPage() {
  const now = useNow(30_000);
  const [tab, setTab] = useState('outages');
  return (
    <div data-testid="ops-kiosk">
      <Space align="baseline" style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>欢迎光临 · 自助信息查询</Typography.Title>
        <Typography.Text type="secondary" style={BIG}>{formatTime(now)}</Typography.Text>
      </Space>
      <Tabs
        size="large"
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'outages', label: <span style={BIG}>停电信息</span>, children: <Outages /> },
          { key: 'tariffs', label: <span style={BIG}>电价标准</span>, children: <Tariffs /> },
          { key: 'application', label: <span style={BIG}>业扩进度查询</span>, children: <ApplicationLookup /> },
        ]}
      />
    </div>
  );
}
