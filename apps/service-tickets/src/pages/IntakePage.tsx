import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Flex, Form, Input, Radio, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import {
  SERVICE_SUBTYPES,
  TICKET_TYPES,
  TICKET_URGENCIES,
  createTicketSchema,
  type Call,
  type CreateTicketResult,
  type CustomerMatch,
  type TicketType,
} from '@wb/contracts/ticket';
import { ResponseError } from '@wb/contracts';
import { AppPart, Link, dropEmpty, formatTime, useWorkbenchForm } from '@wb/sdk/react';
import { useCreateTicket, useCurrentCall, useLookup, useSimulateCall, useUnits } from '../api/tickets.ts';
import { CustomerCard } from '../components/CustomerCard.tsx';
import { KnowledgePicker } from '../components/KnowledgePicker.tsx';
import { PrecheckPanel } from '../components/PrecheckPanel.tsx';
import { detailRoute } from '../routes.ts';

interface IntakeValues {
  type?: TicketType;
  subType?: string;
  contactName?: string;
  contactPhone?: string;
  address?: string;
  content?: string;
  urgency?: 'NORMAL' | 'URGENT';
  answeredOnCall?: boolean;
  knowledgeId?: string;
  orgUnitCode?: string;
}

/**
 * The contract's 受理 body, plus what the intake asks before sending: a 咨询 closed on the call names the knowledge
 * used to answer (the service accepts it without, e.g. from other channels).
 */
const intakeSchema = createTicketSchema.superRefine((r, ctx) => {
  if (r.answeredOnCall && !r.knowledgeId) ctx.addIssue({ code: 'custom', path: ['knowledgeId'], message: '请选择答复所用的知识' });
});

const LOOKUP_FIELDS = { consNo: '户号', phoneTail: '手机尾号', phone: '电话', name: '户名', address: '地址' } as const;

/** 来电弹屏: the ringing (or last) call, the 模拟来电 button, and the customers its number matches. */
function CallPanel({ call, onSimulate, simulating }: { call: Call | null; onSimulate: () => void; simulating: boolean }) {
  return (
    <Card
      size="small"
      title={
        <Space>
          <PhoneOutlined aria-hidden />
          {call ? `来电 ${call.callerNo}` : '暂无来电'}
        </Space>
      }
      extra={
        <Button onClick={onSimulate} loading={simulating}>
          模拟来电
        </Button>
      }
    >
      {call ? (
        <Typography.Text type="secondary">
          来电时间 {formatTime(call.at)} · 来电编号 {call.callId} · 匹配客户 {call.matches.length} 户
          {call.ticketNos.length > 0 ? ` · 本次来电已受理 ${call.ticketNos.join('、')}` : ''}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary">电话接入后自动弹屏；演示时点击“模拟来电”。</Typography.Text>
      )}
    </Card>
  );
}

/** The customers to pick from: the caller's matches, or the result of a search. */
function CustomerPicker({ customers, value, onPick }: { customers: CustomerMatch[]; value: string | null; onPick: (c: CustomerMatch) => void }) {
  if (customers.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有匹配的客户，可按户号、户名、电话、尾号或地址查询" />;
  return (
    <Radio.Group
      aria-label="匹配客户"
      value={value}
      onChange={(e) => {
        const picked = customers.find((c) => c.consNo === e.target.value);
        if (picked) onPick(picked);
      }}
      style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
      options={customers.map((c) => ({
        value: c.consNo,
        label: (
          <span>
            {c.consName}（{c.consNo}）<Typography.Text type="secondary"> {c.address} · {c.orgUnitName}</Typography.Text>
            {c.openTickets > 0 && <Tag color="orange" style={{ marginLeft: 8 }}>在办 {c.openTickets}</Tag>}
          </span>
        ),
      }))}
    />
  );
}

/** What the last submit did: a new ticket, a 咨询 closed on the call, or a repeated call merged as 催办. */
function Outcome({ result }: { result: CreateTicketResult }) {
  const { ticket, merged } = result;
  const link = <Link to={detailRoute(ticket.no)}>{ticket.no}</Link>;
  if (merged) {
    return (
      <Alert
        type="warning"
        showIcon
        title={<span>已合并为催办：工单 {link}（第 {ticket.urgeCount} 次催办），已通知处理人并提高优先级</span>}
      />
    );
  }
  if (ticket.status === 'CLOSED') return <Alert type="success" showIcon title={<span>已当场答复并办结：工单 {link}</span>} />;
  return <Alert type="success" showIcon title={<span>受理成功：工单 {link}，当前环节「{ticket.nodeName ?? ticket.statusName}」，处理单位 {ticket.orgUnitName}</span>} />;
}

/**
 * 来电受理 (issue 12): the call pops with the caller's number and the customers it matches (several may share a
 * phone); the agent picks one or searches, records type and sub-type, contact, address and content. A repair shows
 * the precheck first (outages on the customer's 台区, arrears, premises guidance); a 咨询 answered on the call
 * closes at once with the knowledge snippet used; a repeated call about an open ticket is merged as 催办.
 */
export function IntakePage() {
  const { message, notification } = App.useApp();
  const current = useCurrentCall(true);
  const simulate = useSimulateCall();
  const create = useCreateTicket();
  const units = useUnits();
  const [search, setSearch] = useState('');
  const lookup = useLookup(search);
  const [customer, setCustomer] = useState<CustomerMatch | null>(null);
  const [result, setResult] = useState<CreateTicketResult | null>(null);
  const call = current.data?.call ?? null;
  const wf = useWorkbenchForm({
    name: 'intake',
    schema: intakeSchema,
    prepare: (values) => {
      // The hook calls the options of the latest render: the call and the customer confirmed beside the form.
      const raw = dropEmpty(values) as IntakeValues;
      const [c, picked] = [call, customer];
      return {
        ...raw,
        ...(c ? { callId: c.callId } : {}),
        ...(picked ? { consNo: picked.consNo } : {}),
        ...(raw.type !== 'CONSULT' ? { answeredOnCall: false, knowledgeId: undefined } : {}),
        ...(raw.type !== 'SERVICE' ? { subType: undefined } : {}),
        ...(picked ? { orgUnitCode: undefined } : {}),
      };
    },
    // The Idempotency-Key stays the same for every retry of one fill: a retried submit registers one ticket.
    submit: (body, { idempotencyKey }) => create.mutateAsync({ body, idempotencyKey }),
    successMessage: (answer) => (answer.merged ? `已合并为催办：${answer.ticket.no}` : `受理成功：${answer.ticket.no}`),
    invalidMessage: '请按提示修改受理信息',
    onSuccess: (answer) => {
      setResult(answer);
      setCustomer(null);
    },
  });
  const form = wf.form as FormInstance<IntakeValues>;
  const type = Form.useWatch('type', form);
  const answeredOnCall = Form.useWatch('answeredOnCall', form) === true;

  // The pop: a call that was not there when the page opened (or since the last one) announces itself.
  const seenCall = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!current.isSuccess) return;
    const id = call?.callId ?? null;
    if (seenCall.current !== undefined && id !== null && id !== seenCall.current && call) {
      notification.info({
        title: `来电 ${call.callerNo}`,
        description: call.matches.length > 0 ? `匹配客户 ${call.matches.length} 户：${call.matches.map((m) => m.consName).join('、')}` : '未匹配到客户，请查询',
        placement: 'topRight',
      });
      setCustomer(call.matches.length === 1 ? call.matches[0]! : null);
      setSearch('');
      setResult(null);
    }
    seenCall.current = id;
  }, [call, current.isSuccess, notification]);

  useEffect(() => {
    if (!customer) return;
    form.setFieldsValue({ contactName: customer.consName, address: customer.address });
  }, [customer, form]);

  const candidates = search.trim().length >= 2 ? (lookup.data?.items ?? []) : (call?.matches ?? []);

  const reset = (): void => {
    wf.release();
    form.resetFields();
    setCustomer(null);
  };

  // Awaited (ADR 0069): a failure is told even if the page changed meanwhile.
  const onSimulate = async (): Promise<void> => {
    try {
      await simulate.mutateAsync(undefined);
    } catch (e) {
      void message.error(e instanceof ResponseError ? e.message : '模拟来电失败，请稍后重试');
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={15}>
        <Flex vertical gap={16}>
          <CallPanel call={call} onSimulate={() => void onSimulate()} simulating={simulate.isPending} />
          <Card size="small" title="确认客户">
            <Flex vertical gap={12}>
              <Input.Search
                aria-label="查询客户"
                placeholder="户号、户名、电话、手机尾号或地址"
                allowClear
                maxLength={64}
                enterButton="查询"
                loading={lookup.isFetching}
                onSearch={(q) => setSearch(q.trim())}
              />
              {lookup.error && search && <Typography.Text type="danger">{lookup.error.message}</Typography.Text>}
              {lookup.data && search.length >= 2 && <Typography.Text type="secondary">按{LOOKUP_FIELDS[lookup.data.field]}查询，共 {lookup.data.items.length} 户</Typography.Text>}
              <CustomerPicker customers={candidates} value={customer?.consNo ?? null} onPick={setCustomer} />
            </Flex>
          </Card>
          {result && <Outcome result={result} />}
          <Card size="small" title="受理信息">
            <Form<IntakeValues>
              {...wf.formProps}
              form={form}
              layout="vertical"
              initialValues={{ urgency: 'NORMAL', answeredOnCall: false }}
              onValuesChange={(changed: IntakeValues, all: IntakeValues) => {
                wf.formProps.onValuesChange?.(changed, all);
                if ('type' in changed) form.setFieldsValue({ subType: undefined, answeredOnCall: false, knowledgeId: undefined });
              }}
            >
              {/* What is not about one input: no customer for a repair, a refusal of the service. */}
              {wf.error && <Alert type="error" showIcon title={wf.error} style={{ marginBottom: 16 }} />}
              <Form.Item label="业务类型" {...wf.field('type')}>
                <Radio.Group optionType="button" options={Object.entries(TICKET_TYPES).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              {type === 'SERVICE' && (
                <Form.Item label="业务子类型" {...wf.field('subType')} required>
                  <Select aria-label="业务子类型" placeholder="请选择业务子类型" options={Object.entries(SERVICE_SUBTYPES).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
              )}
              <Row gutter={12}>
                <Col span={8}>
                  <Form.Item label="联系人" {...wf.field('contactName')}>
                    <Input maxLength={32} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label="联系电话" {...wf.field('contactPhone')} required={!call}>
                    <Input maxLength={12} placeholder={call ? '默认为来电号码' : '手机或固话'} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label="紧急程度" {...wf.field('urgency')}>
                    <Radio.Group options={Object.entries(TICKET_URGENCIES).map(([value, label]) => ({ value, label }))} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item label="地址" {...wf.field('address')}>
                <Input maxLength={128} />
              </Form.Item>
              {!customer && !answeredOnCall && (
                <Form.Item label="处理单位" {...wf.field('orgUnitCode')} required extra="未确认客户时请选择处理该工单的供电所">
                  <Select aria-label="处理单位" placeholder="请选择供电所" showSearch={{ optionFilterProp: 'label' }} options={units.map((u) => ({ value: u.code, label: u.name }))} />
                </Form.Item>
              )}
              <Form.Item label="受理内容" {...wf.field('content')}>
                <Input.TextArea rows={3} maxLength={1000} showCount />
              </Form.Item>
              {type === 'CONSULT' && (
                <>
                  <Form.Item label="当场答复并办结" {...wf.field('answeredOnCall')} valuePropName="checked">
                    <Switch aria-label="当场答复并办结" />
                  </Form.Item>
                  {answeredOnCall && (
                    <Form.Item label="答复所用知识" {...wf.field('knowledgeId')} required>
                      <KnowledgePicker />
                    </Form.Item>
                  )}
                </>
              )}
              <Space>
                <Button type="primary" htmlType="submit" loading={wf.submitting}>
                  {type === 'CONSULT' && answeredOnCall ? '提交并办结' : '提交受理'}
                </Button>
                <Button onClick={reset}>清空</Button>
              </Space>
            </Form>
          </Card>
        </Flex>
      </Col>
      <Col xs={24} xl={9}>
        <Flex vertical gap={16}>
          {customer ? (
            <>
              <Card size="small" title="客户信息">
                <CustomerCard customer={customer} />
              </Card>
              {type === 'REPAIR' && <PrecheckPanel consNo={customer.consNo} />}
              <Card size="small" title="客户360">
                <AppPart app="customer-archive" part="customer-360" props={{ consNo: customer.consNo }} />
              </Card>
            </>
          ) : (
            <Card size="small" title="客户360">
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="确认客户后显示客户360" />
            </Card>
          )}
        </Flex>
      </Col>
    </Row>
  );
}
