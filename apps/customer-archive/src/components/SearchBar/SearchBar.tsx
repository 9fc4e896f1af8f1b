import { Input, Select, Space } from 'antd';
import type { SearchField } from '@wb/contracts';

const FIELD_OPTIONS: Array<{ value: SearchField; label: string }> = [
  { value: 'auto', label: '自动识别' },
  { value: 'consNo', label: '户号' },
  { value: 'name', label: '户名' },
  { value: 'phone', label: '电话' },
  { value: 'address', label: '地址' },
];

const PLACEHOLDERS: Record<SearchField, string> = {
  auto: '输入户号、户名、电话或地址',
  consNo: '输入户号（可只输入前几位）',
  name: '输入户名',
  phone: '输入 11 位手机号码',
  address: '输入用电地址关键字',
};

export interface SearchBarProps {
  value: string;
  field: SearchField;
  loading: boolean;
  onChange(value: string): void;
  onFieldChange(field: SearchField): void;
  /** Enter or the search button: search now, without waiting for the debounce. */
  onSearch(value: string): void;
}

export function SearchBar({ value, field, loading, onChange, onFieldChange, onSearch }: SearchBarProps) {
  return (
    <Space.Compact style={{ width: '100%', maxWidth: 720 }}>
      <Select<SearchField>
        aria-label="查询方式"
        value={field}
        options={FIELD_OPTIONS}
        onChange={onFieldChange}
        style={{ width: 120 }}
      />
      <Input.Search
        aria-label="查询内容"
        value={value}
        placeholder={PLACEHOLDERS[field]}
        maxLength={64}
        allowClear
        enterButton="查询"
        loading={loading}
        onChange={(event) => onChange(event.target.value)}
        onSearch={(text) => onSearch(text)}
      />
    </Space.Compact>
  );
}
