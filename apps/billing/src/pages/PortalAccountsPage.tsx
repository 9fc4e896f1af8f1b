import { useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Flex, Input, Modal, Result, Segmented, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { ResponseError } from '@wb/contracts';
import { PAY_ORDER_STATUSES, PORTAL_ACCOUNT_STATUSES, RECONCILIATION_KINDS, type StaffCustomer, type StaffPayOrder } from '@wb/contracts/customer-portal';
import { QueryError, formatTime, useAccess, useNavigate, useWorkbench } from '@wb/sdk/react';
import { usePortalAccount, usePortalAccountChange, usePortalAccounts, useReconciliation } from '../api/portal-accounts.ts';
import { formatYuan } from '../format.ts';
import { BILLING_PERMISSIONS } from '@wb/contracts/billing';
import { portalAccountRoute } from '../routes.ts';

const STATUS_COLORS: Record<StaffCustomer['status'], string> = { ACTIVE: 'green', DISABLED: 'red' };
const SETTLED_BY: Record<NonNullable<StaffPayOrder['settledBy']>, string> = { NOTIFY: '支付通知', QUERY: '主动查询' };

/**
 * 掌上电力账户 (ADR 0060, `df:portal:manage`): find a customer's account by phone digits or a bound 户号, see its
 * 户号 and payment orders, 停用/启用 it or remove a 户号 — each with a reason (audited; the service checks the
 * account's version). Holders of `df:pay:reverse` also see the online payments' daily reconciliation.
 */
export function PortalAccountsPage({ id }: { id: string | null }) {
  const access = useAccess();
  return (
    <Flex vertical gap={16}>
      <AccountSearch selected={id} />
      {id !== null && <AccountDetail key={id} id={id} />}
      {access.can(BILLING_PERMISSIONS.reverse) && <ReconciliationCard />}
    </Flex>
  );
}

function AccountSearch({ selected }: { selected: string | null }) {
  const { basePath } = useWorkbench();
  const navigate = useNavigate();
  const [input, setInput] = useState('');
  const [q, setQ] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<'ALL' | StaffCustomer['status']>('ALL');
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const list = usePortalAccounts({ q, status: status === 'ALL' ? undefined : status, page, pageSize: 10 });
  const search = (value: string): void => {
    const v = value.trim();
    if (v !== '' && !/^\d{4,11}$/.test(v)) {
      setError('请输入手机号（至少 4 位数字）或 10 位户号');
      return;
    }
    setError(null);
    setPage(1);
    setQ(v === '' ? undefined : v);
  };
  return (
    <Card size="small" title="掌上电力账户">
      <Flex vertical gap={12}>
        <Flex gap={12} wrap>
          <Input.Search
            aria-label="查找账户"
            placeholder="手机号（至少 4 位）或 10 位户号"
            inputMode="numeric"
            maxLength={11}
            enterButton="查询"
            allowClear
            style={{ maxWidth: 360, minWidth: 0 }}
            value={input}
            onChange={(e) => setInput(e.target.value)}
            onSearch={search}
            status={error ? 'error' : undefined}
          />
          <Segmented
            aria-label="账号状态"
            value={status}
            onChange={(v) => {
              setStatus(v as typeof status);
              setPage(1);
            }}
            options={[{ value: 'ALL', label: '全部' }, { value: 'ACTIVE', label: '正常' }, { value: 'DISABLED', label: '已停用' }]}
          />
        </Flex>
        {error && <Typography.Text type="danger" role="alert">{error}</Typography.Text>}
        {list.error ? (
          <QueryError query={list} title="账户列表加载失败" />
        ) : (
          <Table<StaffCustomer>
            size="small"
            rowKey="id"
            aria-label="掌上电力账户列表"
            loading={list.isFetching && !list.data}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            rowClassName={(r) => (r.id === selected ? 'ant-table-row-selected' : '')}
            pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, size: 'small' }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的账户" /> }}
            columns={[
              { key: 'id', title: '账号', render: (_, r) => <Typography.Link onClick={() => navigate(`${basePath}${portalAccountRoute(r.id)}`)}>{r.id}</Typography.Link> },
              { key: 'phone', title: '手机号', dataIndex: 'phone' },
              { key: 'status', title: '状态', render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{PORTAL_ACCOUNT_STATUSES[r.status]}</Tag> },
              { key: 'bindings', title: '绑定户号', render: (_, r) => (r.bindings.length ? r.bindings.join('、') : <Typography.Text type="secondary">未绑定</Typography.Text>) },
              { key: 'orders', title: '缴费订单', dataIndex: 'orders', align: 'right' },
              { key: 'last', title: '最近登录', render: (_, r) => (r.lastLoginAt ? formatTime(r.lastLoginAt) : '—') },
            ]}
          />
        )}
      </Flex>
    </Card>
  );
}

type Change = { kind: 'status'; status: StaffCustomer['status'] } | { kind: 'unbind'; consNo: string };

function AccountDetail({ id }: { id: string }) {
  const detail = usePortalAccount(id);
  const [change, setChange] = useState<Change | null>(null);
  if (detail.error) {
    return detail.error instanceof ResponseError && detail.error.status === 404 ? (
      <Result status="404" title="未找到该账户" subTitle="账号不存在，请从列表中选择。" />
    ) : (
      <QueryError query={detail} title="账户信息加载失败" />
    );
  }
  if (!detail.data) return <Card size="small"><Skeleton active paragraph={{ rows: 4 }} /></Card>;
  const { customer, bindings, orders } = detail.data;
  const disabled = customer.status === 'DISABLED';
  return (
    <Card
      size="small"
      title={`账户 ${customer.id}`}
      extra={
        <Button danger={!disabled} onClick={() => setChange({ kind: 'status', status: disabled ? 'ACTIVE' : 'DISABLED' })}>
          {disabled ? '启用账号' : '停用账号'}
        </Button>
      }
    >
      <Flex vertical gap={16}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, xl: 3 }}
          items={[
            { key: 'phone', label: '手机号', children: customer.phone },
            { key: 'status', label: '状态', children: <Tag color={STATUS_COLORS[customer.status]}>{PORTAL_ACCOUNT_STATUSES[customer.status]}</Tag> },
            ...(customer.disabledReason ? [{ key: 'reason', label: '停用原因', children: customer.disabledReason }] : []),
            { key: 'created', label: '注册时间', children: formatTime(customer.createdAt) },
            { key: 'last', label: '最近登录', children: customer.lastLoginAt ? formatTime(customer.lastLoginAt) : '—' },
          ]}
        />
        <Table
          size="small"
          rowKey="consNo"
          aria-label="绑定户号"
          pagination={false}
          dataSource={bindings}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: '未绑定户号' }}
          columns={[
            { key: 'consNo', title: '户号', dataIndex: 'consNo' },
            { key: 'name', title: '户名', dataIndex: 'name' },
            { key: 'at', title: '绑定时间', render: (_, b) => formatTime(b.createdAt) },
            { key: 'op', title: '', render: (_, b) => <Button size="small" onClick={() => setChange({ kind: 'unbind', consNo: b.consNo })}>解除绑定</Button> },
          ]}
        />
        <Table<StaffPayOrder>
          size="small"
          rowKey="outTradeNo"
          aria-label="缴费订单"
          pagination={false}
          dataSource={orders}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: '暂无缴费订单' }}
          columns={[
            { key: 'no', title: '订单号', dataIndex: 'outTradeNo' },
            { key: 'consNo', title: '户号', dataIndex: 'consNo' },
            { key: 'amount', title: '金额', align: 'right', render: (_, o) => formatYuan(o.amountFen) },
            { key: 'status', title: '状态', render: (_, o) => <Tag color={o.status === 'PAID' ? 'green' : o.status === 'CREATED' ? 'orange' : 'default'}>{PAY_ORDER_STATUSES[o.status]}</Tag> },
            { key: 'by', title: '到账确认', render: (_, o) => (o.settledBy ? SETTLED_BY[o.settledBy] : '—') },
            { key: 'at', title: '下单时间', render: (_, o) => formatTime(o.createdAt) },
            { key: 'payment', title: '缴费编号', render: (_, o) => o.paymentId ?? '—' },
          ]}
        />
      </Flex>
      {change && <ChangeDialog customer={customer} change={change} onClose={() => setChange(null)} />}
    </Card>
  );
}

/** The reason for 停用/启用 or unbinding (2–200 characters), then the change with the account's version. */
function ChangeDialog({ customer, change, onClose }: { customer: StaffCustomer; change: Change; onClose(): void }) {
  const mutation = usePortalAccountChange();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const title = change.kind === 'unbind' ? `解除绑定户号 ${change.consNo}` : change.status === 'DISABLED' ? '停用账号' : '启用账号';
  // Awaited (ADR 0069): the success is told and the dialog closed even if it unmounted meanwhile.
  const submit = async (): Promise<void> => {
    const r = reason.trim();
    if (r.length < 2) {
      setError('请填写原因（至少 2 个字）');
      return;
    }
    setError(null);
    try {
      await mutation.mutateAsync(change.kind === 'unbind' ? { customer, kind: 'unbind', consNo: change.consNo, reason: r } : { customer, kind: 'status', status: change.status, reason: r });
    } catch (e) {
      setError(e instanceof ResponseError ? e.message : '操作失败，请稍后重试');
      return;
    }
    void message.success(`${title}：已完成`);
    onClose();
  };
  return (
    <Modal title={title} open okText="确认" okButtonProps={{ danger: change.kind !== 'status' || change.status === 'DISABLED', loading: mutation.isPending }} cancelText="取消" onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph>
        {change.kind === 'unbind'
          ? '解除后该账号不再能查看和缴纳此户号的电费，客户可重新验证绑定。'
          : change.status === 'DISABLED'
            ? '停用后该账号立即退出登录，且不能再登录掌上电力。'
            : '启用后客户可重新登录掌上电力。'}
      </Typography.Paragraph>
      <Input.TextArea aria-label="原因" placeholder="原因（必填，将记入审计日志）" maxLength={200} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} status={error ? 'error' : undefined} />
      {error && <Typography.Text type="danger" role="alert">{error}</Typography.Text>}
    </Modal>
  );
}

/** The provider's 对账单 of a day against our written-off orders: every difference listed. */
function ReconciliationCard() {
  const [date, setDate] = useState<string | null>(null);
  const rec = useReconciliation(date);
  return (
    <Card size="small" title="网上缴费对账">
      <Flex vertical gap={12}>
        <Space wrap>
          <Input type="date" aria-label="对账日期" style={{ width: 180 }} onChange={(e) => setDate(/^\d{4}-\d{2}-\d{2}$/.test(e.target.value) ? e.target.value : null)} />
        </Space>
        {date === null ? (
          <Typography.Text type="secondary">选择日期查看当日渠道对账单与本方销账的差异。</Typography.Text>
        ) : rec.error ? (
          <QueryError query={rec} title="对账加载失败" />
        ) : !rec.data ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : (
          <>
            <Typography.Text>
              渠道 {rec.data.providerCount} 笔 {formatYuan(rec.data.providerFen)}；本方 {rec.data.ourCount} 笔 {formatYuan(rec.data.ourFen)}；差异 {rec.data.differences.length} 笔
            </Typography.Text>
            <Table
              size="small"
              rowKey={(d) => `${d.kind}-${d.outTradeNo}`}
              aria-label="对账差异"
              pagination={false}
              dataSource={rec.data.differences}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: '无差异' }}
              columns={[
                { key: 'kind', title: '差异', render: (_, d) => RECONCILIATION_KINDS[d.kind] },
                { key: 'no', title: '订单号', dataIndex: 'outTradeNo' },
                { key: 'theirs', title: '渠道金额', align: 'right', render: (_, d) => (d.providerFen === null ? '—' : formatYuan(d.providerFen)) },
                { key: 'ours', title: '本方金额', align: 'right', render: (_, d) => (d.ourFen === null ? '—' : formatYuan(d.ourFen)) },
              ]}
            />
          </>
        )}
      </Flex>
    </Card>
  );
}
