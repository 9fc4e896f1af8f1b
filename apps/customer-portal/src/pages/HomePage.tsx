import { FileSearchOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Tag, Typography } from 'antd';
import type { ReactElement } from 'react';
import type { CustomerMe } from '@wb/contracts/customer-portal';
import { Link, LinkButton } from '@wb/sdk/react';
import { useAccount, useLogout } from '../api.ts';
import { yuan } from '../routes.ts';
import { Rows, Screen } from './Screen.tsx';

function AccountSummary({ consNo }: { consNo: string }): ReactElement {
  const account = useAccount(consNo);
  if (!account.data) return <Typography.Text type="secondary">{account.isError ? '暂时查不到电费' : '查询中…'}</Typography.Text>;
  const a = account.data;
  return (
    <span>
      {a.totalDueFen > 0 ? <Typography.Text type="danger">欠费 {yuan(a.totalDueFen)}</Typography.Text> : <Typography.Text type="success">无欠费</Typography.Text>}
      {a.powerState === 'OFF' ? <Tag color={a.restorePending ? 'processing' : 'error'} style={{ marginLeft: 8 }}>{a.restorePending ? '复电中' : '已停电'}</Tag> : null}
    </span>
  );
}

/** 我的户号: every bound 户号 with what it owes; bind another; 业扩 progress. */
export function HomePage({ me }: { me: CustomerMe }): ReactElement {
  const logout = useLogout();
  return (
    <Screen title="掌上电力">
      <Card size="small">
        <Typography.Text>您好，{me.phone}</Typography.Text>
        <Button type="link" size="small" style={{ float: 'right' }} onClick={() => logout.mutate()}>
          退出
        </Button>
      </Card>
      <Card title="我的户号" size="small" extra={<Link to="/bind"><PlusOutlined aria-hidden /> 绑定户号</Link>}>
        {me.bindings.length === 0 ? (
          <Empty description="还没有绑定户号">
            <LinkButton to="/bind" type="primary">
              绑定户号
            </LinkButton>
          </Empty>
        ) : (
          <Rows
            items={me.bindings}
            rowKey={(b) => b.consNo}
            render={(b) => (
                <Link to={`/accounts/${b.consNo}`} style={{ display: 'flex', width: '100%', alignItems: 'center', color: 'inherit' }} data-testid="cp-account-link">
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <div>
                      <Typography.Text strong>{b.name}</Typography.Text> <Typography.Text type="secondary">户号 {b.consNo}</Typography.Text>
                    </div>
                    <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
                      {b.address}
                    </Typography.Text>
                    <AccountSummary consNo={b.consNo} />
                  </div>
                  <RightOutlined aria-hidden />
                </Link>
            )}
          />
        )}
      </Card>
      <Card size="small">
        <Link to="/application">
          <FileSearchOutlined aria-hidden /> 查询业扩（用电申请）进度
        </Link>
      </Card>
    </Screen>
  );
}
