import { Select } from 'antd';

export interface FilterSelectProps<K extends string> {
  /** The filter's name, for screen readers (and tests). */
  label: string;
  /** Shown while no value is chosen (全部…). */
  placeholder: string;
  /** A contract's label map: each key is a choice, its label the text. */
  labels: Readonly<Record<K, string>>;
  value: K | undefined;
  onChange(value: K | undefined): void;
  width?: number;
}

/** One filter of a list page: a key of `labels`, or none (cleared). */
export function FilterSelect<K extends string>({ label, placeholder, labels, value, onChange, width = 150 }: FilterSelectProps<K>) {
  return (
    <Select<K>
      aria-label={label}
      placeholder={placeholder}
      allowClear
      style={{ width }}
      value={value}
      onChange={(v) => onChange(v)}
      options={(Object.keys(labels) as K[]).map((key) => ({ value: key, label: labels[key] }))}
    />
  );
}
