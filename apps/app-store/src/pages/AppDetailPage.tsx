import { App, Button, Descriptions, Form, Modal, Popconfirm, Select, Space, Spin, Table, Tabs, Typography } from 'antd';
import { ResponseError } from '@wb/contracts';
import { rollbackRequestSchema } from '@wb/contracts/appstore';
import type { StoreAppDetail, StoreEvent } from '@wb/contracts/appstore';
import { Link, QueryError, formatDate, formatTime, useDialogClose, useNavigate, usePermission, useWorkbench, useWorkbenchForm } from '@wb/sdk/react';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useRollback, useSetAppStatus, useStaleEditRecovery, useStoreApp, useStoreEvents } from '../api/queries.ts';
import { ManifestView } from '../components/ManifestView.tsx';
import { RolloutForm } from '../components/RolloutForm.tsx';
import { AppStatusTag } from '../components/StatusTag.tsx';
import { VersionTable } from '../components/VersionTable.tsx';
import { VisibilityForm } from '../components/VisibilityForm.tsx';
import { PartImpactWarning } from './PartsPage.tsx';
import { eventLabel, formatSize } from '../labels.ts';
import { useLeaveGuard } from '../leaveGuard.tsx';
import { PERM } from '../routes.ts';

const failText = (error: unknown) => (error instanceof ResponseError ? error.message : '操作失败，请稍后重试');

/**
 * 回滚: pick an earlier PUBLISHED version; confirming moves the current-version pointer. On the SDK's form hook
 * (ADR 0034) with the contract's rollback schema. Sent with the detail's ETag as If-Match; on 412 the dialog stays
 * open with the choice kept, over the refreshed detail (the retry is checked against the ETag shown then).
 */
function RollbackModal({ detail, etag, open, onClose }: { detail: StoreAppDetail; etag: string | null; open: boolean; onClose(): void }) {
  const [form] = Form.useForm<{ version: string }>();
  const rollback = useRollback(detail.app.id);
  const recover = useStaleEditRecovery(detail.app.id);
  const choices = detail.versions.filter((v) => v.status === 'PUBLISHED' && !v.current);
  const chosen = Form.useWatch('version', form);
  const { close, guardedClose } = useDialogClose(form, onClose);
  const workbench = useWorkbenchForm({
    form,
    schema: rollbackRequestSchema,
    name: 'rollback',
    guard: false,
    resetOnSuccess: false,
    submit: (body) => rollback.mutateAsync({ version: body.version, ifMatch: etag }),
    successMessage: (_result, body) => `已回滚到 ${body.version}`,
    onSuccess: close,
    onConflict: (error) => void recover(error),
  });
  return (
    <Modal
      open={open}
      title={`回滚 ${detail.app.name}`}
      okText="确认回滚"
      okButtonProps={{ danger: true, disabled: choices.length === 0 }}
      cancelText="取消"
      confirmLoading={workbench.submitting}
      onOk={() => form.submit()}
      onCancel={guardedClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        当前版本为 <Typography.Text strong>{detail.app.currentVersion ?? '无'}</Typography.Text>。回滚后，用户下次加载工作台即使用所选版本；
        正在使用的用户会看到“有新版本”提示，不会被强制刷新。
      </Typography.Paragraph>
      <Form {...workbench.formProps} layout="vertical" preserve={false}>
        <Form.Item name="version" label="回滚到" required validateFirst rules={[{ required: true, message: '请选择要回滚到的版本' }, ...workbench.rules('version')]}
          extra={choices.length === 0 ? '没有可回滚的已发布版本。' : undefined}>
          <Select placeholder="选择已发布的版本" options={choices.map((v) => ({ value: v.version, label: `${v.version}（${formatDate(v.publishedAt)}）` }))} />
        </Form.Item>
      </Form>
      {/* 组件管理 (ADR 0030): consumers whose parts the chosen version would remove or break. */}
      <PartImpactWarning appId={detail.app.id} version={chosen} />
    </Modal>
  );
}

function EventsTable({ appId }: { appId: string }) {
  const events = useStoreEvents(appId);
  if (events.isError) {
    return <QueryError query={events} title="操作记录加载失败" />;
  }
  return (
    <Table<StoreEvent>
      rowKey={(e) => `${e.at}-${e.action}-${e.version ?? ''}`}
      size="small"
      loading={events.isFetching}
      dataSource={events.data ?? []}
      pagination={{ pageSize: 20, showSizeChanger: false }}
      columns={[
        { title: '时间', dataIndex: 'at', render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss') },
        { title: '操作人', dataIndex: 'actor' },
        { title: '操作', dataIndex: 'action', render: (a: string) => eventLabel(a) },
        { title: '版本', dataIndex: 'version', render: (v: string | null) => v ?? '—' },
        {
          title: '详情',
          dataIndex: 'detail',
          render: (d: Record<string, unknown>) =>
            Object.keys(d).length > 0 ? <Typography.Text code style={{ fontSize: 12 }}>{JSON.stringify(d)}</Typography.Text> : '—',
        },
      ]}
    />
  );
}

function Header({ detail, etag, onRollback, onRollout }: { detail: StoreAppDetail; etag: string | null; onRollback(): void; onRollout(): void }) {
  const { app } = detail;
  const canOperate = usePermission(PERM.operate);
  const setStatus = useSetAppStatus(app.id);
  const recover = useStaleEditRecovery(app.id);
  const { message } = App.useApp();
  const change = async (to: 'offline' | 'online') => {
    try {
      await setStatus.mutateAsync({ change: to, ifMatch: etag });
      void message.success(to === 'offline' ? `${app.name} 已下线` : `${app.name} 已上线`);
    } catch (error) {
      if (await recover(error)) return;
      void message.error(failText(error));
    }
  };
  return (
    <Descriptions
      size="small"
      column={3}
      style={{ marginBottom: 8 }}
      title={
        <Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {app.name}
          </Typography.Title>
          <Typography.Text type="secondary">{app.id}</Typography.Text>
          <AppStatusTag status={app.status} />
        </Space>
      }
      // A developer (store:app:manage only) sees the app but does not operate it.
      extra={
        canOperate && (
          <Space>
            {app.status === 'ACTIVE' ? (
              <Popconfirm title={`下线 ${app.name}？`} description="下线后所有用户的工作台不再加载本应用。" okText="下线" okButtonProps={{ danger: true }} cancelText="取消"
                onConfirm={() => change('offline')}>
                <Button danger loading={setStatus.isPending}>下线</Button>
              </Popconfirm>
            ) : (
              <Popconfirm title={`重新上线 ${app.name}？`} okText="上线" cancelText="取消" onConfirm={() => change('online')}>
                <Button loading={setStatus.isPending}>上线</Button>
              </Popconfirm>
            )}
            <Button onClick={onRollback}>回滚</Button>
            <Button onClick={onRollout}>灰度设置</Button>
          </Space>
        )
      }
    >
      <Descriptions.Item label="分类">{app.category}</Descriptions.Item>
      <Descriptions.Item label="负责单位">{app.owner || '—'}</Descriptions.Item>
      <Descriptions.Item label="当前版本">{app.currentVersion ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="灰度版本">{app.rolloutVersion ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="待审核">{app.pendingReview}</Descriptions.Item>
      <Descriptions.Item label="更新时间">{formatTime(app.updatedAt)}</Descriptions.Item>
      <Descriptions.Item label="介绍" span={3}>
        {app.description || '—'}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 应用详情: status and actions on top; versions, manifest, files, rollout, visibility and the event log in tabs. */
export function AppDetailPage({ appId }: { appId: string }) {
  const { basePath } = useWorkbench();
  const navigate = useNavigate();
  const { confirmLeave } = useLeaveGuard();
  const detail = useStoreApp(appId);
  const [tab, setTab] = useState('versions');
  const [rollingBack, setRollingBack] = useState(false);
  const canOperate = usePermission(PERM.operate);
  const back = (
    <Link
      to="/admin"
      onClick={(event) => {
        // Unsaved rollout or visibility edits ask first (the link still has its href for a new tab).
        event.preventDefault();
        confirmLeave(() => navigate(`${basePath}/admin`));
      }}
    >
      ← 返回应用目录
    </Link>
  );
  if (detail.isError) {
    return (
      <>
        {back}
        <QueryError query={detail} title="应用详情加载失败" />
      </>
    );
  }
  if (!detail.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const { detail: data, etag } = detail.data;
  return (
    <>
      {back}
      <Header detail={data} etag={etag} onRollback={() => setRollingBack(true)} onRollout={() => setTab('rollout')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'versions', label: `版本（${data.versions.length}）`, children: <VersionTable detail={data} etag={etag} /> },
          { key: 'manifest', label: '清单', children: <ManifestView manifest={data.manifest} /> },
          {
            key: 'files',
            label: '文件',
            children: (
              <Table
                rowKey="path"
                size="small"
                pagination={false}
                dataSource={data.files}
                summary={(rows) => (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>共 {rows.length} 个文件</Table.Summary.Cell>
                    <Table.Summary.Cell index={1}>{formatSize(rows.reduce((n, f) => n + f.size, 0))}</Table.Summary.Cell>
                    <Table.Summary.Cell index={2} />
                  </Table.Summary.Row>
                )}
                columns={[
                  { title: '文件', dataIndex: 'path' },
                  { title: '大小', dataIndex: 'size', render: (n: number) => formatSize(n) },
                  { title: '完整性摘要（SHA-384）', dataIndex: 'integrity', render: (i: string) => <Typography.Text code style={{ fontSize: 12 }}>{i}</Typography.Text> },
                ]}
              />
            ),
          },
          // Not keyed by the saved settings: a refetch (after a save, or a 412) must not remount and drop input.
          ...(canOperate
            ? [
                { key: 'rollout', label: '灰度', children: <RolloutForm detail={data} etag={etag} /> },
                { key: 'visibility', label: '可见性', children: <VisibilityForm detail={data} etag={etag} /> },
              ]
            : []),
          { key: 'events', label: '操作记录', children: <EventsTable appId={appId} /> },
        ]}
      />
      <RollbackModal detail={data} etag={etag} open={rollingBack} onClose={() => setRollingBack(false)} />
    </>
  );
}
