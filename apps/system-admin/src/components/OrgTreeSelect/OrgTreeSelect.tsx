import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useOrgUnits } from '../../api/queries.ts';
import { buildOrgTree } from '../../orgTree.ts';

export interface OrgTreeSelectProps {
  value?: string | string[];
  onChange?: (value: string | string[]) => void;
  multiple?: boolean;
  placeholder?: string;
  id?: string;
  'aria-label'?: string;
}

/** Picks org units from the tree (value: unit codes). Works as an antd Form control. */
export function OrgTreeSelect({ multiple, placeholder, ...rest }: OrgTreeSelectProps) {
  const units = useOrgUnits();
  const treeData = useMemo(() => buildOrgTree(units.data ?? []), [units.data]);
  return (
    <TreeSelect
      {...rest}
      treeData={treeData}
      multiple={multiple}
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      allowClear
      loading={units.isLoading}
      placeholder={placeholder ?? '请选择单位'}
      style={{ width: '100%' }}
    />
  );
}
