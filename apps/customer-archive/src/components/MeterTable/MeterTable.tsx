import { Table } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Meter } from '@wb/contracts';

const COLUMNS: TableColumnsType<Meter> = [
  { title: '资产编号', dataIndex: 'assetNo' },
  { title: '条码', dataIndex: 'barCode' },
  { title: '厂家', dataIndex: 'manufacturer' },
  { title: '型号', dataIndex: 'model' },
  { title: '综合倍率', dataIndex: 'multiplier', align: 'right' },
  { title: '安装日期', dataIndex: 'installedOn' },
  { title: '状态', dataIndex: 'status' },
];

/** 计量装置: the meters installed for one customer. */
export function MeterTable({ meters }: { meters: Meter[] }) {
  return (
    <Table<Meter>
      rowKey="assetNo"
      size="small"
      columns={COLUMNS}
      dataSource={meters}
      pagination={false}
      locale={{ emptyText: '暂无计量装置' }}
    />
  );
}
