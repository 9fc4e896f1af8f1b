import { CloseCircleFilled, WarningFilled } from '@ant-design/icons';
import { Flex, Typography, theme } from 'antd';
import type { ReactElement, ReactNode } from 'react';

export interface StatusPanelProps {
  status: 'error' | 'warning';
  title: string;
  subTitle: ReactNode;
  extra?: ReactNode;
}

/**
 * A failure notice that stays in the first paint (docs/quality.md P3, R1): antd's `Result` pulls in its status
 * illustrations (~10 KiB gzip), which only the lazily loaded 404/403 pages need.
 */
export function StatusPanel({ status, title, subTitle, extra }: StatusPanelProps): ReactElement {
  const { token } = theme.useToken();
  const Icon = status === 'error' ? CloseCircleFilled : WarningFilled;
  return (
    <Flex vertical align="center" gap={token.marginSM} style={{ padding: `${token.paddingXL}px ${token.padding}px`, textAlign: 'center' }}>
      <Icon aria-hidden style={{ fontSize: 64, color: status === 'error' ? token.colorError : token.colorWarning }} />
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <Typography.Text type="secondary">{subTitle}</Typography.Text>
      {extra && <div style={{ marginTop: token.marginSM }}>{extra}</div>}
    </Flex>
  );
}
