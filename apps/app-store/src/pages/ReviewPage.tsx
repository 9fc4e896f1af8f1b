import { Empty, Table, Typography } from 'antd';
import { useQueries } from '@tanstack/react-query';
import type { StoreVersion } from '@wb/contracts/appstore';
import { Link, QueryError, usePermission, useServiceClient, useSession, formatTime } from '@wb/sdk/react';
import { SERVICE, storeAppQuery, useStoreApps } from '../api/queries.ts';
import { useReviewActions } from '../components/ReviewModals.tsx';
import { FormatTag } from '../components/StatusTag.tsx';
import { PERM } from '../routes.ts';
import { formatSize } from '../labels.ts';

interface PendingRow extends StoreVersion {
  appId: string;
  appName: string;
  hasCurrent: boolean;
}

/** 待审核: every version waiting for review, across apps, with 通过 / 驳回 for reviewers other than the publisher. */
export function ReviewPage() {
  const session = useSession();
  const canReview = usePermission(PERM.review);
  const client = useServiceClient(SERVICE);
  const apps = useStoreApps({ status: 'IN_REVIEW' });
  const details = useQueries({
    queries: (apps.data ?? []).map((a) => storeAppQuery(client, a.id)),
  });
  const review = useReviewActions();
  const failed = apps.isError ? apps : details.find((d) => d.isError);
  if (failed) {
    return <QueryError query={failed} title="待审核列表加载失败" />;
  }
  const rows: PendingRow[] = details.flatMap((d) =>
    (d.data?.detail.versions ?? []).filter((v) => v.status === 'IN_REVIEW').map((v) => ({ ...v, appId: d.data!.detail.app.id, appName: d.data!.detail.app.name, hasCurrent: d.data!.detail.app.currentVersion !== null })),
  );
  const loading = apps.isFetching || details.some((d) => d.isFetching);
  return (
    <>
      {!canReview && (
        <Typography.Paragraph type="secondary">您没有应用审核权限，只能查看待审核的版本。</Typography.Paragraph>
      )}
      <Table<PendingRow>
        rowKey={(r) => `${r.appId}@${r.version}`}
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: <Empty description="没有待审核的版本" /> }}
        columns={[
          {
            title: '应用',
            key: 'app',
            render: (_, r) => (
              <Link to={`/admin/apps/${encodeURIComponent(r.appId)}`}>
                {r.appName}（{r.appId}）
              </Link>
            ),
          },
          { title: '版本', dataIndex: 'version' },
          { title: '格式', dataIndex: 'format', render: (f: PendingRow['format']) => <FormatTag format={f} /> },
          { title: '更新说明', dataIndex: 'changelog', render: (c: string) => c || '—' },
          { title: '大小', dataIndex: 'sizeTotal', render: (n: number) => formatSize(n) },
          { title: '上传人', dataIndex: 'publishedBy' },
          { title: '提交时间', dataIndex: 'submittedAt', render: (at: string | null) => formatTime(at) },
          {
            title: '操作',
            key: 'actions',
            render: (_, r) => {
              if (!canReview) return '—';
              if (r.publishedBy === session.username) return <Typography.Text type="secondary">本人上传，需他人审核</Typography.Text>;
              return review.buttons({ appId: r.appId, appName: r.appName, version: r.version, hasCurrent: r.hasCurrent, format: r.format });
            },
          },
        ]}
      />
      {review.modals}
    </>
  );
}
