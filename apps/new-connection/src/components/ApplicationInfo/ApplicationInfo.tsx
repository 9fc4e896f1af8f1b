import { Descriptions, Tag } from 'antd';
import { APPLICATION_STATUSES, CERT_TYPES, type ApplicationDetail } from '@wb/contracts/connection';
import { ELEC_TYPES, VOLTAGE_LEVELS } from '@wb/contracts';
import { formatTime } from '@wb/sdk/react';
import { SlaTag } from '../SlaTag/SlaTag.tsx';

const label = (map: Record<string, string>, code: string): string => map[code] ?? code;

/** The application's 受理 data and where its process stands. */
export function ApplicationInfo({ app }: { app: ApplicationDetail }) {
  return (
    <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }}>
      <Descriptions.Item label="申请编号">{app.appNo}</Descriptions.Item>
      <Descriptions.Item label="业务类型">新装（{app.variantName}）</Descriptions.Item>
      <Descriptions.Item label="状态">
        <Tag>{APPLICATION_STATUSES[app.status]}</Tag>
        <SlaTag state={app.slaState} />
      </Descriptions.Item>
      <Descriptions.Item label="户名">{app.consName}</Descriptions.Item>
      <Descriptions.Item label="证件">
        {CERT_TYPES[app.certType]} {app.certNo}
      </Descriptions.Item>
      <Descriptions.Item label="供电单位">{app.orgUnitName}</Descriptions.Item>
      <Descriptions.Item label="用电地址" span={2}>
        {app.address}
      </Descriptions.Item>
      <Descriptions.Item label="申请容量">
        {app.applyCap} {app.capUnit}
        {app.dualSource ? '（双电源）' : ''}
      </Descriptions.Item>
      <Descriptions.Item label="用电性质">{label(ELEC_TYPES, app.elecType)}</Descriptions.Item>
      <Descriptions.Item label="电压等级">{label(VOLTAGE_LEVELS, app.voltageCode)}</Descriptions.Item>
      <Descriptions.Item label="联系人">
        {app.contactName} {app.contactMobile}
      </Descriptions.Item>
      <Descriptions.Item label="当前环节">{app.nodeName}</Descriptions.Item>
      <Descriptions.Item label="环节时限">{formatTime(app.nodeDueAt)}</Descriptions.Item>
      <Descriptions.Item label="全流程时限">{formatTime(app.dueAt)}</Descriptions.Item>
      {app.consNo && <Descriptions.Item label="户号">{app.consNo}</Descriptions.Item>}
      {app.suspendedReason && <Descriptions.Item label="暂停原因">{app.suspendedReason}</Descriptions.Item>}
    </Descriptions>
  );
}
