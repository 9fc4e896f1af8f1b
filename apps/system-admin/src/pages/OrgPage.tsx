import { Card, Col, Descriptions, Empty, Row, Tag, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useOrgUnits } from '../api/queries.ts';
import { OrgUnitForm } from '../components/OrgUnitForm/OrgUnitForm.tsx';
import { ORG_TYPE_LABELS, buildOrgTree } from '../orgTree.ts';
import { ServiceError } from '@wb/sdk/react';

/** 组织机构: the org tree, the selected unit's detail, and 新增下级单位. */
export function OrgPage() {
  const units = useOrgUnits();
  const [selected, setSelected] = useState<string | null>(null);
  const tree = useMemo(() => buildOrgTree(units.data ?? []), [units.data]);
  const unit = units.data?.find((u) => u.code === selected) ?? null;
  if (units.isError) {
    return <ServiceError error={units.error} title="组织机构加载失败" retrying={units.isFetching} onRetry={() => void units.refetch()} />;
  }
  return (
    <Row gutter={16}>
      <Col span={9}>
        <Card title="组织机构" size="small" loading={units.isLoading}>
          <Tree
            treeData={tree}
            defaultExpandAll
            selectedKeys={selected ? [selected] : []}
            onSelect={(keys) => setSelected(keys[0] === undefined ? null : String(keys[0]))}
          />
        </Card>
      </Col>
      <Col span={15}>
        {unit ? (
          <Card title={unit.name} size="small">
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label="单位编码">{unit.code}</Descriptions.Item>
              <Descriptions.Item label="单位类型">{ORG_TYPE_LABELS[unit.type]}</Descriptions.Item>
              <Descriptions.Item label="上级单位">
                {units.data?.find((u) => u.code === unit.parentCode)?.name ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label="路径">{unit.path}</Descriptions.Item>
              <Descriptions.Item label="状态">
                {unit.status === 'active' ? <Tag color="success">启用</Tag> : <Tag>停用</Tag>}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 24 }}>
              新增下级单位
            </Typography.Title>
            <OrgUnitForm key={unit.code} parent={unit} onCreated={setSelected} />
          </Card>
        ) : (
          <Card size="small">
            <Empty description="请在左侧选择一个单位" />
          </Card>
        )}
      </Col>
    </Row>
  );
}
