import { App, Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ResponseError } from '@wb/contracts';
import type { StoreAppDetail, StoreVersion } from '@wb/contracts/appstore';
import { usePermission, useSession, formatTime } from '@wb/sdk/react';
import { useRollback, useStaleEditRecovery, useSubmitVersion } from '../api/queries.ts';
import { formatSize } from '../labels.ts';
import { PERM } from '../routes.ts';
import { useReviewActions } from './ReviewModals.tsx';
import { FormatTag, VersionStatusTag } from './StatusTag.tsx';

const time = (at: string | null) => formatTime(at);

/** 版本 tab: every version, newest first, with the actions its status allows this user. `etag`: that of `detail`. */
export function VersionTable({ detail, etag }: { detail: StoreAppDetail; etag: string | null }) {
  const { app, versions } = detail;
  const session = useSession();
  const canReview = usePermission(PERM.review);
  const { message, modal } = App.useApp();
  const submit = useSubmitVersion();
  const rollback = useRollback(app.id);
  const recover = useStaleEditRecovery(app.id);
  const review = useReviewActions();

  const fail = (error: unknown) => void message.error(error instanceof ResponseError ? error.message : '操作失败，请稍后重试');
  const submitVersion = async (v: StoreVersion) => {
    try {
      await submit.mutateAsync({ appId: app.id, version: v.version });
      void message.success(`已提交审核：${v.version}`);
    } catch (error) {
      fail(error);
    }
  };
  const makeCurrent = (v: StoreVersion) =>
    modal.confirm({
      title: `将当前版本切换为 ${v.version}？`,
      content: `用户下次加载工作台时即使用 ${v.version}（当前为 ${app.currentVersion ?? '无'}）。正在使用的用户会看到“有新版本”提示，不会被强制刷新。`,
      okText: '确认切换',
      cancelText: '取消',
      onOk: async () => {
        try {
          await rollback.mutateAsync({ version: v.version, ifMatch: etag });
          void message.success(`当前版本已切换为 ${v.version}`);
        } catch (error) {
          if (!(await recover(error))) fail(error);
        }
      },
    });

  return (
    <>
      <Table<StoreVersion>
        rowKey="version"
        size="small"
        dataSource={versions}
        pagination={false}
        expandable={{
          rowExpandable: (v) => v.changelog.length > 60,
          expandedRowRender: (v) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{v.changelog}</Typography.Paragraph>,
        }}
        columns={[
          {
            title: '版本',
            dataIndex: 'version',
            render: (version: string, v) => (
              <Space size={4}>
                {version}
                {v.current && <Tag color="blue">当前</Tag>}
                {detail.rollout?.version === version && <Tag color="purple">灰度中</Tag>}
              </Space>
            ),
          },
          { title: '状态', dataIndex: 'status', render: (s: StoreVersion['status']) => <VersionStatusTag status={s} /> },
          { title: '格式', dataIndex: 'format', render: (f: StoreVersion['format']) => <FormatTag format={f} /> },
          {
            title: '更新说明',
            dataIndex: 'changelog',
            render: (c: string) => (c ? <Typography.Text ellipsis style={{ maxWidth: 260 }}>{c}</Typography.Text> : '—'),
          },
          { title: '大小', dataIndex: 'sizeTotal', render: (n: number) => formatSize(n) },
          { title: '文件数', dataIndex: 'fileCount' },
          { title: '上传', key: 'published', render: (_, v) => `${v.publishedBy} · ${time(v.publishedAt)}` },
          { title: '审核', key: 'reviewed', render: (_, v) => (v.reviewedBy ? `${v.reviewedBy} · ${time(v.reviewedAt)}` : '—') },
          {
            title: '驳回原因',
            dataIndex: 'rejectReason',
            render: (r: string | null) => (r ? <Typography.Text type="danger">{r}</Typography.Text> : '—'),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, v) => {
              const target = { appId: app.id, appName: app.name, version: v.version, hasCurrent: app.currentVersion !== null, format: v.format };
              if (v.status === 'DRAFT') {
                return (
                  <Button size="small" loading={submit.isPending && submit.variables.version === v.version} onClick={() => void submitVersion(v)}>
                    提交审核
                  </Button>
                );
              }
              if (v.status === 'IN_REVIEW') {
                if (!canReview) return <Typography.Text type="secondary">等待审核</Typography.Text>;
                if (v.publishedBy === session.username) {
                  return (
                    <Tooltip title="上传人不能审核自己上传的版本">
                      <Typography.Text type="secondary">等待他人审核</Typography.Text>
                    </Tooltip>
                  );
                }
                return review.buttons(target);
              }
              if (v.status === 'PUBLISHED' && !v.current && canReview) {
                return (
                  <Button size="small" onClick={() => makeCurrent(v)}>
                    设为当前
                  </Button>
                );
              }
              return null;
            },
          },
        ]}
      />
      {review.modals}
    </>
  );
}
