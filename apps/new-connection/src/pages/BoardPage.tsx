import { Card, Empty, Skeleton, Table, Tag } from 'antd';
import { CONNECTION_NODES, type ApplicationSummary } from '@wb/contracts/connection';
import { type SlaState } from '@wb/contracts/workflow';
import { Link, QueryError, SLA_TAGS, formatTime } from '@wb/sdk/react';
import { useBoard } from '../api/connection.ts';
import { SlaTag } from '../components/SlaTag/SlaTag.tsx';
import { detailRoute } from '../routes.ts';

const STATES: SlaState[] = ['NORMAL', 'WARNING', 'OVERDUE', 'PAUSED'];

interface BoardRow {
  nodeKey: string;
  nodeName: string;
  counts: Record<SlaState, number>;
  total: number;
}

/** 在途看板: open applications in scope by node × SLA state (colours), and the ones near or over their limit. */
export function BoardPage() {
  const board = useBoard();
  if (board.isPending) return <Skeleton active />;
  if (board.error || !board.data) {
    return <QueryError query={board} title="在途看板加载失败" />;
  }
  const rows: BoardRow[] = Object.entries(CONNECTION_NODES).map(([nodeKey, nodeName]) => {
    const counts = Object.fromEntries(STATES.map((s) => [s, board.data.cells.find((c) => c.nodeKey === nodeKey && c.slaState === s)?.count ?? 0])) as Record<SlaState, number>;
    return { nodeKey, nodeName, counts, total: STATES.reduce((sum, s) => sum + counts[s], 0) };
  });
  const stateColumns = STATES.map((s) => ({
    title: SLA_TAGS[s].label,
    key: s,
    render: (_: unknown, row: BoardRow) => (row.counts[s] > 0 ? <Tag color={SLA_TAGS[s].color}>{row.counts[s]}</Tag> : <span style={{ color: '#bbb' }}>0</span>),
  }));
  return (
    <>
      <Card title={`在途看板（在途 ${board.data.total} 件）`} style={{ marginBottom: 16 }}>
        <Table<BoardRow>
          rowKey="nodeKey"
          size="small"
          pagination={false}
          dataSource={rows.filter((r) => r.total > 0)}
          columns={[{ title: '环节', dataIndex: 'nodeName', key: 'nodeName' }, ...stateColumns, { title: '合计', dataIndex: 'total', key: 'total' }]}
        />
      </Card>
      <Card title="即将超期与已超期申请">
        {board.data.attention.length === 0 ? (
          <Empty description="没有即将超期或已超期的申请" />
        ) : (
          <Table<ApplicationSummary>
            rowKey="appNo"
            size="small"
            pagination={false}
            dataSource={board.data.attention}
            columns={[
              { title: '申请编号', dataIndex: 'appNo', key: 'appNo', render: (no: string) => <Link to={detailRoute(no)}>{no}</Link> },
              { title: '户名', dataIndex: 'consName', key: 'consName' },
              { title: '类别', dataIndex: 'variantName', key: 'variantName' },
              { title: '供电单位', dataIndex: 'orgUnitName', key: 'orgUnitName' },
              { title: '当前环节', dataIndex: 'nodeName', key: 'nodeName' },
              { title: '时限', key: 'sla', render: (_: unknown, a: ApplicationSummary) => <SlaTag state={a.slaState} /> },
              { title: '全流程时限', key: 'dueAt', render: (_: unknown, a: ApplicationSummary) => formatTime(a.dueAt) },
            ]}
          />
        )}
      </Card>
    </>
  );
}
