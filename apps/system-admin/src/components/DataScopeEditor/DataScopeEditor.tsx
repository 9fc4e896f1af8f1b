import { AutoComplete, Button, Form, Select, Space, Typography } from 'antd';
import type { DataScopeType } from '@wb/contracts';
import { RESOURCE_TYPE_NAMES, SCOPE_HINTS, SCOPE_LABELS, resourceTypeLabel } from '../../scopeLabels.ts';
import { OrgTreeSelect } from '../OrgTreeSelect/OrgTreeSelect.tsx';

const SCOPE_OPTIONS = (Object.keys(SCOPE_LABELS) as DataScopeType[]).map((value) => ({ value, label: SCOPE_LABELS[value] }));
const RESOURCE_OPTIONS = Object.keys(RESOURCE_TYPE_NAMES).map((value) => ({ value, label: resourceTypeLabel(value) }));

/** Data-scope rules of a role, as the `dataScopes` list of the enclosing form. */
export function DataScopeEditor() {
  return (
    <Form.List name="dataScopes">
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field) => (
            <Space key={field.key} align="start" wrap>
              <Form.Item name={[field.name, 'resourceType']} rules={[{ required: true, message: '请输入资源类型' }]}>
                <AutoComplete aria-label="资源类型" options={RESOURCE_OPTIONS} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'scopeType']} rules={[{ required: true, message: '请选择范围' }]}>
                <Select aria-label="数据范围" options={SCOPE_OPTIONS} placeholder="数据范围" style={{ width: 160 }} />
              </Form.Item>
              <Form.Item noStyle dependencies={[['dataScopes', field.name, 'scopeType']]}>
                {({ getFieldValue }) => {
                  const type = getFieldValue(['dataScopes', field.name, 'scopeType']) as DataScopeType | undefined;
                  return (
                    <>
                      {type === 'CUSTOM_ORGS' && (
                        <Form.Item name={[field.name, 'orgUnitCodes']} style={{ minWidth: 280 }}>
                          <OrgTreeSelect multiple aria-label="范围内的单位" placeholder="选择机构（含下级）" />
                        </Form.Item>
                      )}
                      {type && SCOPE_HINTS[type] && (
                        <Typography.Text type="secondary" style={{ display: 'inline-block', maxWidth: 360, paddingTop: 5 }}>
                          {SCOPE_HINTS[type]}
                        </Typography.Text>
                      )}
                    </>
                  );
                }}
              </Form.Item>
              <Button type="link" danger onClick={() => remove(field.name)}>
                删除
              </Button>
            </Space>
          ))}
          <Button type="dashed" onClick={() => add({ resourceType: '', scopeType: 'ORG', orgUnitCodes: [] })}>
            添加数据范围规则
          </Button>
          {/* The server reports rule problems on `dataScopes` as a whole. */}
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}
