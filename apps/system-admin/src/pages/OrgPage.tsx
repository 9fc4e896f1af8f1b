import { Card, Col, Descriptions, Empty, Row, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useMemo, useState } from 'react';
import { useOrgUnits } from '../api/queries.ts';
import { OrgUnitActions } from '../components/OrgUnitActions/OrgUnitActions.tsx';
import { OrgUnitForm } from '../components/OrgUnitForm/OrgUnitForm.tsx';
import { ORG_TYPE_LABELS, buildOrgTree } from '../orgTree.ts';
import type { OrgTreeNode } from '../orgTree.ts';
import { Link, QueryError } from '@wb/sdk/react';

/** Every unit can be selected here (a disabled one to enable it again); its title says it is disabled. */
function selectable(nodes: OrgTreeNode[]): TreeDataNode[] {
  return nodes.map((n) => ({ key: n.key, title: n.disabled ? <Typography.Text type="secondary">{n.title}</Typography.Text> : n.title, children: selectable(n.children) }));
}

/** 组织机构: the org tree, the selected unit's detail and its administration (edit, move, merge, disable), 新增下级单位. */
export function OrgPage() {
  const units = useOrgUnits();
  const [selected, setSelected] = useState<string | null>(null);
  const tree = useMemo(() => selectable(buildOrgTree(units.data ?? [])), [units.data]);
  const unit = units.data?.find((u) => u.code === selected) ?? null;
  if (units.isError) {
    return <QueryError query={units} title="组织机构加载失败" />;
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
          <Card
            title={unit.name}
            size="small"
            extra={<Link to={`/audit?action=iam.org`}>变更记录</Link>}
          >
            <div style={{ marginBottom: 16 }}>
              <OrgUnitActions key={unit.code} unit={unit} units={units.data ?? []} />
            </div>
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
            {unit.status === 'active' ? (
              <OrgUnitForm key={unit.code} parent={unit} onCreated={setSelected} />
            ) : (
              <Typography.Text type="secondary">该单位已停用，启用后才能新增下级单位。</Typography.Text>
            )}
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
