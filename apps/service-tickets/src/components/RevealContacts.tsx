import { Button, Space, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { TICKET_PERMISSIONS, type TicketDetail } from '@wb/contracts/ticket';
import { ResponseError } from '@wb/contracts';
import { Authorized } from '@wb/sdk/react';
import { useReveal } from '../api/tickets.ts';

/**
 * 主叫/联系电话 and 证件号, masked as the service answers them; 查看 (permission `kf:pii:reveal`) asks the service for
 * them in clear — an audited read the 审计日志 shows — and keeps them in this component only.
 */
export function useRevealedContacts(ticket: TicketDetail) {
  const reveal = useReveal(ticket.no);
  const clear = reveal.data;
  const items = [
    { key: 'callerNo', label: '主叫号码', children: clear?.callerNo ?? ticket.callerNo },
    { key: 'contactPhone', label: '联系电话', children: clear?.contactPhone ?? ticket.contactPhone },
    ...(ticket.certNo ? [{ key: 'certNo', label: '证件号码', children: clear?.certNo ?? ticket.certNo }] : []),
  ];
  const control = (
    <Authorized permission={TICKET_PERMISSIONS.reveal}>
      {clear ? (
        <Typography.Text type="warning">已显示完整号码，本次查看已记录留痕</Typography.Text>
      ) : (
        <Space size={4}>
          <Button size="small" icon={<EyeOutlined aria-hidden />} loading={reveal.isPending} onClick={() => reveal.mutate()}>
            查看
          </Button>
          <Typography.Text type="secondary">查看完整号码将记录留痕</Typography.Text>
          {reveal.error && <Typography.Text type="danger">{reveal.error instanceof ResponseError ? reveal.error.message : '查看失败，请稍后重试'}</Typography.Text>}
        </Space>
      )}
    </Authorized>
  );
  return { items, control };
}
