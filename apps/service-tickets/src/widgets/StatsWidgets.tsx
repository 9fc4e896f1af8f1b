import type { ReactNode } from 'react';
import { Flex, Skeleton, Statistic, Typography } from 'antd';
import type { TicketStats } from '@wb/contracts/ticket';
import { Link } from '@wb/sdk/react';
import { useTicketStats } from '../api/tickets.ts';

/** One home widget over `GET /stats` (ADR 0014): two numbers and a link into the app. */
function StatsWidget({ render }: { render: (stats: TicketStats) => ReactNode }) {
  const stats = useTicketStats();
  if (stats.isLoading) return <Skeleton active paragraph={{ rows: 1 }} />;
  if (stats.error) return <Typography.Text type="danger">{stats.error.message}</Typography.Text>;
  return stats.data ? <>{render(stats.data)}</> : null;
}

/** 今日来电: calls and tickets today, into 来电受理. */
export function TodayCallsWidget() {
  return (
    <StatsWidget
      render={(s) => (
        <Flex vertical gap={8}>
          <Flex gap={24}>
            <Statistic title="今日来电" value={s.callsToday} suffix="通" />
            <Statistic title="今日受理" value={s.ticketsToday} suffix="件" />
          </Flex>
          <Link to="/intake">去受理</Link>
        </Flex>
      )}
    />
  );
}

/** 我的在办工单: tickets the user accepted that are still open, and the tasks they may act on. */
export function MyOpenWidget() {
  return (
    <StatsWidget
      render={(s) => (
        <Flex vertical gap={8}>
          <Flex gap={24}>
            <Statistic title="我受理的在办" value={s.myOpen} suffix="件" />
            <Statistic title="待我办理" value={s.todo} suffix="件" />
            <Statistic title="待回访" value={s.revisitPending} suffix="件" />
          </Flex>
          <Link to="/mine">查看我的工单</Link>
        </Flex>
      )}
    />
  );
}

/** 超期工单: overdue and nearly overdue tickets in the user's scope. */
export function OverdueWidget() {
  return (
    <StatsWidget
      render={(s) => (
        <Flex vertical gap={8}>
          <Flex gap={24}>
            <Statistic title="已超期" value={s.overdue} suffix="件" styles={{ content: { color: s.overdue > 0 ? '#cf1322' : undefined } }} />
            <Statistic title="即将超期" value={s.warning} suffix="件" />
          </Flex>
          <Link to="/mine">查看工单</Link>
        </Flex>
      )}
    />
  );
}
