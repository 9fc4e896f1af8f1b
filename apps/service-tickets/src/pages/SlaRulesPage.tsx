import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { AREA_CLASSES, SLA_CLOCKS, SLA_UNITS, slaRuleUpdateSchema, type SlaClockRule, type SlaRuleEntry } from '@wb/contracts/ticket';
import { ResponseError } from '@wb/contracts';
import { QueryError, formatTime, useWorkbenchForm } from '@wb/sdk/react';
import { useSlaRuleWrite, useSlaRules } from '../api/tickets.ts';

const UNIT_OPTIONS = Object.entries(SLA_UNITS).map(([value, label]) => ({ value, label }));

/** `到达现场 45/90/120 分钟（城区/农村/特殊边远）` or `联系客户 1 个工作日`. */
export function describeClock(c: SlaClockRule): string {
  const amount = c.byArea ? `${c.byArea.urban}/${c.byArea.rural}/${c.byArea.remote}` : String(c.amount);
  return `${SLA_CLOCKS[c.clock]} ${amount} ${SLA_UNITS[c.unit]}${c.byArea ? '（城区/农村/特殊边远）' : ''}`;
}

/** Edits one rule's limits on the SDK's form hook: the contract's schema, If-Match on the rule's version. */
function RuleDialog({ rule, onClose }: { rule: SlaRuleEntry; onClose: () => void }) {
  const write = useSlaRuleWrite(rule.key);
  const wf = useWorkbenchForm({
    name: `sla-${rule.key}`,
    schema: slaRuleUpdateSchema,
    submit: (body) => write.mutateAsync({ body, version: rule.version }),
    successMessage: `「${rule.name}」时限已保存，此后受理的工单按新时限计时`,
    onSuccess: onClose,
    resetOnSuccess: false,
  });
  const cancel = (): void => {
    wf.release();
    onClose();
  };
  return (
    <Modal open title={`调整时限：${rule.name}`} okText="保存" cancelText="取消" confirmLoading={wf.submitting} onOk={() => void wf.form.submit()} onCancel={cancel} destroyOnHidden width={640}>
      <Form {...wf.formProps} layout="vertical" initialValues={{ clocks: rule.clocks, source: rule.overridden ? rule.source : '' }}>
        {wf.error && <Alert type="error" showIcon title={wf.error} style={{ marginBottom: 16 }} />}
        {rule.clocks.map((c, i) => (
          <Card key={c.clock} size="small" title={SLA_CLOCKS[c.clock]} style={{ marginBottom: 12 }}>
            <Space wrap align="start">
              <Form.Item label="单位" name={['clocks', i, 'unit']}>
                <Select aria-label={`${SLA_CLOCKS[c.clock]}单位`} options={UNIT_OPTIONS} style={{ width: 120 }} />
              </Form.Item>
              {c.byArea ? (
                (Object.keys(AREA_CLASSES) as Array<keyof typeof AREA_CLASSES>).map((area) => (
                  <Form.Item key={area} label={AREA_CLASSES[area]} name={['clocks', i, 'byArea', area]}>
                    <InputNumber aria-label={`${SLA_CLOCKS[c.clock]}${AREA_CLASSES[area]}`} precision={0} />
                  </Form.Item>
                ))
              ) : (
                <Form.Item label="时限" name={['clocks', i, 'amount']}>
                  <InputNumber aria-label={`${SLA_CLOCKS[c.clock]}时限`} precision={0} />
                </Form.Item>
              )}
            </Space>
          </Card>
        ))}
        <Form.Item label="依据（文件或通知）" {...wf.field('source')}>
          <Input maxLength={200} placeholder="如：国网客服中心 95598 业务管理办法" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResetButton({ rule }: { rule: SlaRuleEntry }) {
  const write = useSlaRuleWrite(rule.key);
  const { message } = App.useApp();
  const reset = async (): Promise<void> => {
    try {
      await write.mutateAsync({ body: null, version: rule.version });
      void message.success(`「${rule.name}」已恢复默认时限`);
    } catch (e) {
      void message.error(e instanceof ResponseError ? e.message : '操作失败，请稍后重试');
    }
  };
  return (
    <Popconfirm title="恢复默认时限？" description="此后受理的工单按默认时限计时。" okText="恢复默认" cancelText="取消" onConfirm={() => reset()}>
      <Button size="small" loading={write.isPending}>
        恢复默认
      </Button>
    </Popconfirm>
  );
}

/**
 * 工单时限配置 (ADR 0039, `kf:sla:manage`): each type's limits in effect — the research defaults (unverified ones
 * marked) or an operator's override with its source — and the dialog to change them or return to the default.
 * Every change is audited by the service; running clocks keep their due times.
 */
export function SlaRulesPage() {
  const rules = useSlaRules();
  const [editing, setEditing] = useState<SlaRuleEntry | null>(null);
  if (rules.isError) return <QueryError query={rules} title="时限规则加载失败" />;
  const columns: TableColumnsType<SlaRuleEntry> = [
    { title: '业务类型', dataIndex: 'name', width: 160 },
    {
      title: '时限',
      key: 'clocks',
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          {r.clocks.map((c) => (
            <span key={c.clock}>{describeClock(c)}</span>
          ))}
        </Space>
      ),
    },
    {
      title: '来源',
      key: 'source',
      render: (_, r) =>
        r.overridden ? (
          <Space orientation="vertical" size={0}>
            <Tag color="blue">已调整</Tag>
            <Typography.Text type="secondary">
              {r.source || '未注明依据'} · {r.updatedBy ?? ''} {formatTime(r.updatedAt)}
            </Typography.Text>
          </Space>
        ) : (
          <Space orientation="vertical" size={0}>
            <Tag>{r.verified ? '默认' : '默认（待核实）'}</Tag>
            {r.source && <Typography.Text type="secondary">{r.source}</Typography.Text>}
          </Space>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 180,
      render: (_, r) => (
        <Space>
          <Button size="small" type="primary" onClick={() => setEditing(r)} aria-label={`调整 ${r.name}`}>
            调整
          </Button>
          {r.overridden && r.defaults && <ResetButton rule={r} />}
        </Space>
      ),
    },
  ];
  return (
    <Card title="工单时限配置">
      <Typography.Paragraph type="secondary">调整后，此后受理的工单按新时限计时；已在计时的工单保持原时限。每次调整都记入审计日志。</Typography.Paragraph>
      <Table<SlaRuleEntry> rowKey="key" size="middle" loading={rules.isPending} columns={columns} dataSource={rules.data?.items ?? []} pagination={false} />
      {editing && <RuleDialog key={`${editing.key}-${editing.version}`} rule={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
