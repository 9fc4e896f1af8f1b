import { Button, Form, Input, Select, Space } from 'antd';
import type { DataScopeType } from '@wb/contracts';
import { OrgTreeSelect } from '../OrgTreeSelect/OrgTreeSelect.tsx';

export const SCOPE_LABELS: Record<DataScopeType, string> = {
  ALL: '全部',
  ORG: '本单位',
  ORG_AND_CHILD: '本单位及下级',
  CUSTOM_ORGS: '指定单位',
  SELF: '本人',
  ASSIGNED: '分派给我',
  MY_TG: '我的台区',
};
const SCOPE_OPTIONS = (Object.keys(SCOPE_LABELS) as DataScopeType[]).map((value) => ({ value, label: SCOPE_LABELS[value] }));

/** Data-scope rules of a role, as the `dataScopes` list of the enclosing form. */
export function DataScopeEditor() {
  return (
    <Form.List name="dataScopes">
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field) => (
            <Space key={field.key} align="start" wrap>
              <Form.Item name={[field.name, 'resourceType']} rules={[{ required: true, message: '请输入资源类型' }]}>
                <Input aria-label="资源类型" placeholder="资源类型，如 cons" style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'scopeType']} rules={[{ required: true, message: '请选择范围' }]}>
                <Select aria-label="数据范围" options={SCOPE_OPTIONS} placeholder="数据范围" style={{ width: 160 }} />
              </Form.Item>
              <Form.Item noStyle dependencies={[['dataScopes', field.name, 'scopeType']]}>
                {({ getFieldValue }) =>
                  getFieldValue(['dataScopes', field.name, 'scopeType']) === 'CUSTOM_ORGS' ? (
                    <Form.Item name={[field.name, 'orgUnitCodes']} style={{ minWidth: 280 }}>
                      <OrgTreeSelect multiple aria-label="范围内的单位" placeholder="选择单位（含下级）" />
                    </Form.Item>
                  ) : null
                }
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
