import { useState } from 'react';
import { App, Button, Card, Empty, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { DeadLetter } from '@wb/contracts/workflow';
import { QueryError, pagedTable } from '@wb/sdk/react';
import { formatSeconds } from '../format.ts';
import { useDeadLetterAction, useDeadLetters } from '../api/workflow.ts';

/** Consumers of the outbox the platform registers (ADR 0024); others show by name. */
const CONSUMER_LABELS: Readonly<Record<string, string>> = {
  'workflow.push': '通知推送',
};
/** Event topics (engine-api.ts, journal.ts). */
const TOPIC_LABELS: Readonly<Record<string, string>> = {
  'notice.created': '新通知',
  'notice.withdrawn': '通知撤回',
  'instance.started': '流程发起',
  'instance.ended': '流程结束',
  'task.created': '待办生成',
  'task.completed': '待办办结',
};

const consumerLabel = (name: string): string => (CONSUMER_LABELS[name] ? `${CONSUMER_LABELS[name]}（${name}）` : name);
const time = (iso: string): string => formatSeconds(iso);

function Actions({ letter }: { letter: DeadLetter }) {
  const { message } = App.useApp();
  const action = useDeadLetterAction();
  // Awaited (ADR 0069): the outcome is told even when the row is gone from the list by then (its letter handled).
  const run = async (kind: 'retry' | 'discard'): Promise<void> => {
    try {
      await action.mutateAsync({ id: letter.id, action: kind });
    } catch (error) {
      void message.error(error instanceof Error ? error.message : '操作失败，请稍后重试');
      return;
    }
    void message.success(kind === 'retry' ? '已重新投递' : '已丢弃');
  };
  return (
    <Space size={0}>
      <Button type="link" size="small" loading={action.isPending && action.variables?.action === 'retry'} onClick={() => void run('retry')}>
        重试
      </Button>
      <Popconfirm title="丢弃这条死信？" description="丢弃后该消费者不再处理此事件。" okText="丢弃" cancelText="取消" onConfirm={() => void run('discard')}>
        <Button type="link" size="small" danger>
          丢弃
        </Button>
      </Popconfirm>
    </Space>
  );
}

/**
 * 消息投递: the outbox's dead letters — events a consumer failed to handle in all its attempts — with each
 * consumer's waiting and dead counts. 重试 gives a dead letter a fresh set of attempts; 丢弃 drops it.
 */
export function DeadLetterPage() {
  const [consumer, setConsumer] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const list = useDeadLetters({ consumer, page });
  if (list.isError) return <QueryError query={list} title="死信加载失败" />;
  const consumers = list.data?.consumers ?? [];
  return (
    <>
      <Card size="small" title="消费者" style={{ marginBottom: 16 }} loading={list.isLoading}>
        {consumers.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消费者" />
        ) : (
          <Space wrap>
            {consumers.map((c) => (
              <Tag key={c.name} color={c.dead > 0 ? 'red' : 'default'} data-testid="wb-outbox-consumer">
                {consumerLabel(c.name)}：待投递 {c.pending}，死信 {c.dead}
              </Tag>
            ))}
          </Space>
        )}
      </Card>
      <Space style={{ marginBottom: 16 }}>
        <Typography.Text>消费者</Typography.Text>
        <Select
          aria-label="消费者"
          allowClear
          placeholder="全部"
          style={{ width: 240 }}
          value={consumer}
          options={consumers.map((c) => ({ value: c.name, label: consumerLabel(c.name) }))}
          onChange={(value: string | undefined) => {
            setConsumer(value);
            setPage(1);
          }}
        />
      </Space>
      <Table<DeadLetter>
        rowKey="id"
        size="small"
        locale={{ emptyText: '没有死信：所有事件均已投递' }}
        {...pagedTable(list, { current: page, pageSize: 20, onChange: setPage, unit: '条' })}
        expandable={{
          expandedRowRender: (letter) => (
            <Typography.Text code style={{ whiteSpace: 'pre-wrap' }}>
              {JSON.stringify(letter.payload, null, 2)}
            </Typography.Text>
          ),
        }}
        columns={[
          { title: '失败时间', dataIndex: 'failedAt', render: (v: string) => time(v) },
          { title: '消费者', dataIndex: 'consumer', render: (v: string) => consumerLabel(v) },
          { title: '事件', dataIndex: 'topic', render: (v: string) => (TOPIC_LABELS[v] ? `${TOPIC_LABELS[v]}（${v}）` : v) },
          { title: '事件编号', dataIndex: 'eventId' },
          { title: '发生时间', dataIndex: 'createdAt', render: (v: string) => time(v) },
          { title: '尝试次数', dataIndex: 'attempts', align: 'right' },
          { title: '最后错误', dataIndex: 'lastError', render: (v: string | null) => <Typography.Text type="danger">{v ?? '—'}</Typography.Text> },
          { title: '操作', key: 'actions', render: (_: unknown, letter) => <Actions letter={letter} /> },
        ]}
      />
    </>
  );
}
