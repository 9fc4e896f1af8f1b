import { useState } from 'react';
import { Card, Flex, Select, Typography } from 'antd';
import { useDebouncedValue } from '@wb/sdk/react';
import { useKnowledge } from '../api/tickets.ts';

export interface KnowledgePickerProps {
  id?: string;
  value?: string;
  onChange?: (id: string | undefined) => void;
}

/** 95598 知识: search by keyword, pick the snippet the answer used; its text shows to read out. */
export function KnowledgePicker({ id, value, onChange }: KnowledgePickerProps) {
  const [q, setQ] = useState('');
  const debounced = useDebouncedValue(q, 300);
  const knowledge = useKnowledge(debounced, true);
  const items = knowledge.data?.items ?? [];
  const picked = items.find((k) => k.id === value);
  return (
    <Flex vertical gap={8}>
      <Select
        id={id}
        aria-label="答复所用知识"
        showSearch={{ filterOption: false, onSearch: setQ }}
        allowClear
        placeholder="输入关键词搜索知识库"
        value={value}
        onChange={onChange}
        loading={knowledge.isFetching}
        notFoundContent={knowledge.isFetching ? '搜索中…' : '没有找到相关知识'}
        options={items.map((k) => ({ value: k.id, label: `${k.title}（${k.category}）` }))}
      />
      {picked && (
        <Card size="small" title={picked.title}>
          <Typography.Paragraph style={{ marginBottom: 0 }}>{picked.content}</Typography.Paragraph>
        </Card>
      )}
    </Flex>
  );
}
